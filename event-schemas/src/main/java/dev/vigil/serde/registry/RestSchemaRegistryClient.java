package dev.vigil.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Speaks Confluent's Schema Registry REST API over the JDK HTTP client. Makes an HTTP call for
 * every method call: wrap it in {@link CachingSchemaRegistryClient} for the serde's hot path.
 *
 * <p>Each request tries the registry URLs in turn, starting with the one that answered last, and
 * moves on to the next on a connection failure, a timeout or a 5xx answer. When every URL failed it
 * waits ({@link RetryPolicy}) and tries them all again. A 4xx answer is the registry's verdict and
 * is never retried.
 *
 * <p>Redirects are refused, not followed: the JDK client would resend the Basic credentials to
 * whatever host a 3xx names, so a compromised or misconfigured proxy could collect them. A 3xx
 * answer fails the request with the {@code Location} it named, so the operator can configure that
 * URL directly.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final List<URI> baseUrls;
  private final Optional<String> authorization;
  private final RetryPolicy retry;
  private final Duration readTimeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger preferred = new AtomicInteger();

  public RestSchemaRegistryClient(RegistryClientConfig config) {
    if (config.isMock()) {
      throw new IllegalArgumentException(
          "mock:// URLs are served by MockSchemaRegistry, not over HTTP");
    }
    this.baseUrls =
        config.urls().stream().map(RestSchemaRegistryClient::withoutTrailingSlash).toList();
    this.authorization =
        config
            .userInfo()
            .map(
                info ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    this.retry = config.retry();
    this.readTimeout = config.readTimeout();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public int register(String subject, Schema schema) {
    JsonNode answer =
        send(
            "POST",
            "/subjects/" + encode(subject) + "/versions",
            schemaBody(schema),
            "register schema " + schema.getFullName() + " under subject '" + subject + "'");
    return requiredInt(answer, "id", "register");
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    JsonNode answer =
        send(
            "POST",
            "/subjects/" + encode(subject),
            schemaBody(schema),
            "look up schema " + schema.getFullName() + " under subject '" + subject + "'");
    return registered(answer, subject, schema);
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode answer = send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
    return parseSchema(answer, "schema id " + id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode answer =
        send(
            "GET",
            "/subjects/" + encode(subject) + "/versions/latest",
            null,
            "fetch the latest version of subject '" + subject + "'");
    return registered(answer, subject, null);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    String request =
        "check compatibility of " + schema.getFullName() + " with subject '" + subject + "'";
    try {
      JsonNode answer =
          send(
              "POST",
              "/compatibility/subjects/" + encode(subject) + "/versions/latest",
              schemaBody(schema),
              request);
      JsonNode verdict = answer.get("is_compatible");
      if (verdict == null || !verdict.isBoolean()) {
        throw new SchemaRegistryException(
            request + ": answer has no boolean 'is_compatible': " + answer, 200, -1);
      }
      return verdict.booleanValue();
    } catch (SubjectNotFoundException noSubjectYet) {
      // Nothing registered yet: any schema may become version 1.
      return true;
    }
  }

  private RegisteredSchema registered(JsonNode answer, String subject, Schema known) {
    Schema schema = known != null ? known : parseSchema(answer, "subject '" + subject + "'");
    String answeredSubject = answer.path("subject").asText(subject);
    return new RegisteredSchema(
        answeredSubject,
        requiredInt(answer, "version", subject),
        requiredInt(answer, "id", subject),
        schema);
  }

  private Schema parseSchema(JsonNode answer, String what) {
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(
          "registry answer for " + what + " has no 'schema' text: " + answer, 200, -1);
    }
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new SchemaRegistryException(what + " is a " + type + " schema, not Avro", 200, -1);
    }
    try {
      return new Schema.Parser().parse(text.textValue());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "registry returned an unreadable Avro schema for " + what + ": " + e.getMessage(),
          200,
          -1,
          e);
    }
  }

  private static int requiredInt(JsonNode answer, String field, String what) {
    JsonNode value = answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          "registry answer for " + what + " has no integer '" + field + "': " + answer, 200, -1);
    }
    return value.intValue();
  }

  private String schemaBody(Schema schema) {
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private JsonNode send(String method, String path, String body, String description) {
    Exception lastFailure = null;
    int lastStatus = -1;
    String lastAnswer = null;
    for (int round = 0; round <= retry.maxRetries(); round++) {
      if (round > 0) {
        pause(retry.waitBefore(round), description);
      }
      int first = preferred.get();
      for (int i = 0; i < baseUrls.size(); i++) {
        int index = (first + i) % baseUrls.size();
        URI url = URI.create(baseUrls.get(index) + path);
        HttpResponse<String> response;
        try {
          response =
              http.send(
                  request(method, url, body),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
          lastFailure = e;
          lastStatus = -1;
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RegistryUnavailableException(description + ": interrupted", -1, -1, e);
        }
        int status = response.statusCode();
        if (status >= 500) {
          lastFailure = null;
          lastStatus = status;
          lastAnswer = url + " answered HTTP " + status + ": " + abbreviate(response.body());
          continue;
        }
        preferred.set(index);
        if (status >= 300 && status < 400) {
          throw refusedRedirect(description, url, response);
        }
        if (status >= 300) {
          throw RegistryAnswers.error(json, description + " at " + url, status, response.body());
        }
        return readAnswer(response.body(), description);
      }
    }
    String cause =
        lastFailure != null
            ? lastFailure.getClass().getSimpleName()
                + (lastFailure.getMessage() == null ? "" : ": " + lastFailure.getMessage())
            : lastAnswer;
    throw new RegistryUnavailableException(
        description
            + ": schema registry unreachable at "
            + baseUrls
            + " after "
            + (retry.maxRetries() + 1)
            + " attempt(s); last failure: "
            + cause,
        lastStatus,
        -1,
        lastFailure);
  }

  private static SchemaRegistryException refusedRedirect(
      String description, URI url, HttpResponse<String> response) {
    String location = response.headers().firstValue("Location").orElse("(no Location header)");
    return new SchemaRegistryException(
        description
            + " at "
            + url
            + " failed: HTTP "
            + response.statusCode()
            + ", a redirect to "
            + location
            + "; the registry client follows no redirect (its credentials go to the configured URL"
            + " only): configure the URL the registry redirects to",
        response.statusCode(),
        -1);
  }

  private HttpRequest request(String method, URI url, String body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url)
            .timeout(readTimeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(value -> builder.header("Authorization", value));
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", CONTENT_TYPE);
      builder.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  private JsonNode readAnswer(String body, String description) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw new SchemaRegistryException(
            description + ": registry answered with no JSON object: " + abbreviate(body), 200, -1);
      }
      return node;
    } catch (IOException e) {
      throw new SchemaRegistryException(
          description + ": registry answered with unreadable JSON: " + abbreviate(body),
          200,
          -1,
          e);
    }
  }

  private static void pause(Duration wait, String description) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          description + ": interrupted while waiting to retry", -1, -1, e);
    }
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static URI withoutTrailingSlash(URI url) {
    String text = url.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
  }
}
