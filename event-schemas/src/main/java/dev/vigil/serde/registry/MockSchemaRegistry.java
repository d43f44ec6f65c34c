package dev.vigil.serde.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The in-memory registry behind {@code schema.registry.url=mock://<scope>}, as Confluent's serdes
 * offer for tests and demos. Every serde in this JVM that names the same scope shares one instance.
 * It answers like a real registry: global ids shared by equal schemas, versions per subject, the
 * BACKWARD rule on register (the new schema must read data written with the latest version), and
 * the same typed errors ({@link SubjectNotFoundException}, {@link SchemaNotFoundException}, {@link
 * IncompatibleSchemaException}).
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

  private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;
  private final Map<String, Integer> idsBySchemaText = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
  private int nextId = 1;

  private MockSchemaRegistry(String scope) {
    this.scope = scope;
  }

  /** The registry of {@code mock://scope}, created on first use. */
  public static MockSchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /** Forgets everything registered in {@code scope}; the next {@link #forScope} starts empty. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  public String scope() {
    return scope;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (RegisteredSchema version : versions) {
      if (version.schema().toString().equals(schema.toString())) {
        return version.id();
      }
    }
    if (!versions.isEmpty()) {
      Schema latest = versions.get(versions.size() - 1).schema();
      SchemaCompatibility.SchemaPairCompatibility verdict =
          SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
      if (verdict.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new IncompatibleSchemaException(
            "register schema "
                + schema.getFullName()
                + " under subject '"
                + subject
                + "' failed: HTTP 409, error_code 409: not backward compatible with version "
                + versions.size()
                + ": "
                + verdict.getResult().getIncompatibilities(),
            409,
            409);
      }
    }
    int id = idsBySchemaText.computeIfAbsent(schema.toString(), text -> nextId++);
    schemasById.putIfAbsent(id, schema);
    versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
    return id;
  }

  /**
   * Registers {@code schema} under {@code subject} with a chosen global id, as a registry restored
   * from a backup would; for tests that need a known id on the wire.
   */
  public synchronized void registerWithId(String subject, Schema schema, int id) {
    Schema taken = schemasById.get(id);
    if (taken != null && !taken.toString().equals(schema.toString())) {
      throw new IncompatibleSchemaException(
          "schema id " + id + " is already taken by " + taken.getFullName(), 409, 40901);
    }
    idsBySchemaText.put(schema.toString(), id);
    schemasById.put(id, schema);
    List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
    nextId = Math.max(nextId, id + 1);
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    for (RegisteredSchema version : versionsOf(subject, "look up schema " + schema.getFullName())) {
      if (version.schema().toString().equals(schema.toString())) {
        return version;
      }
    }
    throw new SchemaNotFoundException(
        "look up schema "
            + schema.getFullName()
            + " under subject '"
            + subject
            + "' failed: HTTP 404, error_code 40403: the schema is not registered under the subject",
        404,
        40403);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException(
          "fetch schema id "
              + id
              + " failed: HTTP 404, error_code 40403: schema "
              + id
              + " not found in mock://"
              + scope,
          404,
          40403);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<RegisteredSchema> versions = versionsOf(subject, "fetch the latest version");
    return versions.get(versions.size() - 1);
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      return true;
    }
    Schema latest = versions.get(versions.size() - 1).schema();
    return SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  private List<RegisteredSchema> versionsOf(String subject, String request) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SubjectNotFoundException(
          request
              + " under subject '"
              + subject
              + "' failed: HTTP 404, error_code 40401: subject '"
              + subject
              + "' not found in mock://"
              + scope,
          404,
          40401);
    }
    return versions;
  }
}
