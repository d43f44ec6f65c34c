package dev.vigil.serde.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.serde.registry.Compatibility;
import dev.vigil.serde.registry.MockSchemaRegistry;
import dev.vigil.serde.registry.RegisteredSchema;
import dev.vigil.serde.registry.SchemaNotFoundException;
import dev.vigil.serde.registry.SubjectNotFoundException;
import dev.vigil.serde.registry.VersionNotFoundException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The Confluent Schema Registry REST API over a {@link MockSchemaRegistry}: the subset that Vigil's
 * client and Confluent's serializers use, with Confluent's JSON bodies and error codes. Pure
 * request in, answer out; {@link SchemaRegistryServer} does the HTTP.
 */
final class RegistryApi {

  /** What one request answers: an HTTP status and a JSON body. */
  record Answer(int status, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockSchemaRegistry registry;

  RegistryApi(MockSchemaRegistry registry) {
    this.registry = registry;
  }

  /**
   * Answers one request.
   *
   * @param rawPath the request path, still percent-encoded (so a subject may hold a '/')
   * @param rawQuery the query string, still percent-encoded, or null
   */
  Answer handle(String method, String rawPath, String rawQuery, String body) {
    try {
      return route(method, segments(rawPath), query(rawQuery), body);
    } catch (Refusal refusal) {
      return error(refusal.status, refusal.code, refusal.getMessage());
    } catch (RuntimeException e) {
      return error(500, 50001, "Error in the backend data store: " + e);
    }
  }

  private Answer route(String method, List<String> path, Map<String, String> query, String body) {
    int n = path.size();
    String first = n > 0 ? path.get(0) : "";
    switch (first) {
      case "":
        if (n == 0) {
          return only(method, "GET", () -> ok(JSON.createObjectNode()));
        }
        break;
      case "schemas":
        return schemas(method, path);
      case "subjects":
        return subjects(method, path, query, body);
      case "config":
        return config(method, path, query, body);
      case "compatibility":
        return compatibility(method, path, query, body);
      default:
        break;
    }
    throw notFound();
  }

  // --- /schemas ---

  private Answer schemas(String method, List<String> path) {
    int n = path.size();
    if (n == 2 && path.get(1).equals("types")) {
      return only(method, "GET", () -> ok(JSON.createArrayNode().add("AVRO")));
    }
    if (n < 3 || !path.get(1).equals("ids")) {
      throw notFound();
    }
    int id = schemaId(path.get(2));
    if (n == 3) {
      return only(method, "GET", () -> ok(schemaText(schemaById(id))));
    }
    if (n == 4 && path.get(3).equals("schema")) {
      return only(method, "GET", () -> raw(schemaById(id)));
    }
    if (n == 4 && path.get(3).equals("subjects")) {
      return only(
          method,
          "GET",
          () -> {
            ArrayNode subjects = JSON.createArrayNode();
            usesOf(id).stream().map(RegisteredSchema::subject).distinct().forEach(subjects::add);
            return ok(subjects);
          });
    }
    if (n == 4 && path.get(3).equals("versions")) {
      return only(
          method,
          "GET",
          () -> {
            ArrayNode versions = JSON.createArrayNode();
            for (RegisteredSchema use : usesOf(id)) {
              versions.addObject().put("subject", use.subject()).put("version", use.version());
            }
            return ok(versions);
          });
    }
    throw notFound();
  }

  // --- /subjects ---

  private Answer subjects(
      String method, List<String> path, Map<String, String> query, String body) {
    int n = path.size();
    if (n == 1) {
      return only(
          method,
          "GET",
          () -> {
            ArrayNode subjects = JSON.createArrayNode();
            registry.subjects().forEach(subjects::add);
            return ok(subjects);
          });
    }
    String subject = path.get(1);
    if (n == 2) {
      return only(method, "POST", () -> ok(versionJson(lookup(subject, schemaOf(body)))));
    }
    if (!path.get(2).equals("versions")) {
      throw notFound();
    }
    if (n == 3) {
      if (method.equals("POST")) {
        return ok(JSON.createObjectNode().put("id", register(subject, schemaOf(body))));
      }
      return only(
          method,
          "GET",
          () -> {
            ArrayNode versions = JSON.createArrayNode();
            versionsOf(subject).forEach(versions::add);
            return ok(versions);
          });
    }
    String version = path.get(3);
    if (n == 4) {
      return only(method, "GET", () -> ok(versionJson(version(subject, version))));
    }
    if (n == 5 && path.get(4).equals("schema")) {
      return only(method, "GET", () -> raw(version(subject, version).schema()));
    }
    throw notFound();
  }

  private int register(String subject, Schema schema) {
    // The registry's own monitor: the check and the registration happen as one step.
    synchronized (registry) {
      try {
        return registry.lookup(subject, schema).id();
      } catch (SubjectNotFoundException | SchemaNotFoundException notYetThere) {
        // a new version (or a new subject): checked below
      }
      List<String> problems = registry.compatibilityProblems(subject, schema);
      if (!problems.isEmpty()) {
        throw new Refusal(
            409,
            409,
            "Schema being registered is incompatible with an earlier schema for subject \""
                + subject
                + "\" ("
                + registry.compatibility(subject)
                + "), details: "
                + problems);
      }
      return registry.register(subject, schema);
    }
  }

  private RegisteredSchema lookup(String subject, Schema schema) {
    try {
      return registry.lookup(subject, schema);
    } catch (SubjectNotFoundException e) {
      throw subjectNotFound(subject);
    } catch (SchemaNotFoundException e) {
      throw new Refusal(404, 40403, "Schema not found");
    }
  }

  private List<Integer> versionsOf(String subject) {
    try {
      return registry.versions(subject);
    } catch (SubjectNotFoundException e) {
      throw subjectNotFound(subject);
    }
  }

  private RegisteredSchema version(String subject, String version) {
    try {
      return registry.version(subject, versionNumber(subject, version));
    } catch (SubjectNotFoundException e) {
      throw subjectNotFound(subject);
    } catch (VersionNotFoundException e) {
      throw versionNotFound(version);
    }
  }

  /** A version number; "latest" (or -1) is the subject's newest. */
  private int versionNumber(String subject, String version) {
    if (version.equals("latest") || version.equals("-1")) {
      List<Integer> versions = versionsOf(subject);
      return versions.get(versions.size() - 1);
    }
    try {
      int number = Integer.parseInt(version);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new Refusal(
        422,
        42202,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
            + " \"latest\"");
  }

  // --- /config ---

  private Answer config(String method, List<String> path, Map<String, String> query, String body) {
    int n = path.size();
    if (n == 1) {
      switch (method) {
        case "GET":
          return ok(level("compatibilityLevel", registry.compatibility()));
        case "PUT":
          {
            Compatibility level = compatibilityOf(body);
            registry.setCompatibility(level);
            return ok(level("compatibility", level));
          }
        case "DELETE":
          {
            Compatibility previous = registry.compatibility();
            registry.setCompatibility(Compatibility.BACKWARD);
            return ok(level("compatibilityLevel", previous));
          }
        default:
          throw methodNotAllowed();
      }
    }
    if (n != 2) {
      throw notFound();
    }
    String subject = path.get(1);
    switch (method) {
      case "GET":
        {
          Optional<Compatibility> own = registry.subjectCompatibility(subject);
          if (own.isPresent()) {
            return ok(level("compatibilityLevel", own.get()));
          }
          if (Boolean.parseBoolean(query.get("defaultToGlobal"))) {
            return ok(level("compatibilityLevel", registry.compatibility()));
          }
          throw noSubjectLevel(subject);
        }
      case "PUT":
        {
          Compatibility level = compatibilityOf(body);
          registry.setCompatibility(subject, level);
          return ok(level("compatibility", level));
        }
      case "DELETE":
        return ok(
            level(
                "compatibilityLevel",
                registry.clearCompatibility(subject).orElseThrow(() -> noSubjectLevel(subject))));
      default:
        throw methodNotAllowed();
    }
  }

  private static Compatibility compatibilityOf(String body) {
    JsonNode level = object(body).get("compatibility");
    return Compatibility.parse(level == null || !level.isTextual() ? null : level.textValue())
        .orElseThrow(
            () ->
                new Refusal(
                    422,
                    42203,
                    "Invalid compatibility level. Valid values are none, backward, forward, full,"
                        + " backward_transitive, forward_transitive, and full_transitive"));
  }

  // --- /compatibility ---

  private Answer compatibility(
      String method, List<String> path, Map<String, String> query, String body) {
    int n = path.size();
    if (n < 4 || !path.get(1).equals("subjects") || !path.get(3).equals("versions") || n > 5) {
      throw notFound();
    }
    if (!method.equals("POST")) {
      throw methodNotAllowed();
    }
    String subject = path.get(2);
    Schema schema = schemaOf(body);
    List<String> problems;
    synchronized (registry) {
      if (n == 4) {
        // Against every version the subject's level names.
        problems =
            registry.subjects().contains(subject)
                ? registry.compatibilityProblems(subject, schema)
                : List.of();
      } else {
        int version = version(subject, path.get(4)).version();
        problems = registry.compatibilityProblems(subject, schema, version);
      }
    }
    ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
    if (Boolean.parseBoolean(query.get("verbose"))) {
      ArrayNode messages = answer.putArray("messages");
      problems.forEach(messages::add);
    }
    return ok(answer);
  }

  // --- helpers ---

  private Schema schemaById(int id) {
    try {
      return registry.schemaById(id);
    } catch (SchemaNotFoundException e) {
      throw new Refusal(404, 40403, "Schema " + id + " not found");
    }
  }

  private List<RegisteredSchema> usesOf(int id) {
    try {
      return registry.usesOf(id);
    } catch (SchemaNotFoundException e) {
      throw new Refusal(404, 40403, "Schema " + id + " not found");
    }
  }

  private static int schemaId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new Refusal(404, 40403, "Schema " + text + " not found");
    }
  }

  /** The Avro schema of a register, lookup or compatibility request body. */
  private static Schema schemaOf(String body) {
    ObjectNode request = object(body);
    JsonNode type = request.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
      throw new Refusal(
          422,
          42201,
          "Invalid schema: schemaType " + type.asText() + " is not supported, only AVRO");
    }
    JsonNode references = request.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      throw new Refusal(422, 42201, "Invalid schema: schema references are not supported");
    }
    JsonNode text = request.get("schema");
    if (text == null || !text.isTextual() || text.textValue().isBlank()) {
      throw new Refusal(422, 42201, "Invalid schema: the request has no 'schema' text");
    }
    try {
      return new Schema.Parser().parse(text.textValue());
    } catch (SchemaParseException e) {
      throw new Refusal(422, 42201, "Invalid schema: " + e.getMessage());
    }
  }

  private static ObjectNode object(String body) {
    try {
      JsonNode node = JSON.readTree(body == null ? "" : body);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      throw new Refusal(400, 400, "Unreadable JSON request body: " + e.getOriginalMessage());
    }
    throw new Refusal(400, 400, "The request body must be a JSON object");
  }

  private static ObjectNode versionJson(RegisteredSchema version) {
    return JSON.createObjectNode()
        .put("subject", version.subject())
        .put("version", version.version())
        .put("id", version.id())
        .put("schema", version.schema().toString());
  }

  private static ObjectNode schemaText(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString());
  }

  private static ObjectNode level(String field, Compatibility level) {
    return JSON.createObjectNode().put(field, level.name());
  }

  private static Answer ok(JsonNode body) {
    return new Answer(200, body.toString());
  }

  private static Answer raw(Schema schema) {
    return new Answer(200, schema.toString());
  }

  static Answer error(int status, int code, String message) {
    return new Answer(
        status, JSON.createObjectNode().put("error_code", code).put("message", message).toString());
  }

  private static Answer only(String method, String allowed, Supplier<Answer> handler) {
    if (!method.equals(allowed)) {
      throw methodNotAllowed();
    }
    return handler.get();
  }

  private static Refusal subjectNotFound(String subject) {
    return new Refusal(404, 40401, "Subject '" + subject + "' not found.");
  }

  private static Refusal versionNotFound(String version) {
    return new Refusal(404, 40402, "Version " + version + " not found.");
  }

  private static Refusal noSubjectLevel(String subject) {
    return new Refusal(
        404,
        40408,
        "Subject '" + subject + "' does not have subject-level compatibility configured");
  }

  private static Refusal notFound() {
    return new Refusal(404, 404, "HTTP 404 Not Found");
  }

  private static Refusal methodNotAllowed() {
    return new Refusal(405, 405, "HTTP 405 Method Not Allowed");
  }

  /** The path's segments, each percent-decoded ('+' stays a plus: this is a path, not a form). */
  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String segment : (rawPath == null ? "" : rawPath).split("/")) {
      if (!segment.isEmpty()) {
        segments.add(decode(segment));
      }
    }
    return segments;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery != null) {
      Arrays.stream(rawQuery.split("&"))
          .filter(pair -> !pair.isEmpty())
          .forEach(
              pair -> {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                query.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
              });
    }
    return query;
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Refusal(400, 400, "Malformed percent-encoding in path segment '" + segment + "'");
    }
  }

  /** A request the registry answers with an error. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final int code;

    Refusal(int status, int code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
