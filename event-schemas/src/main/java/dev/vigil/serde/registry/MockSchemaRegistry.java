package dev.vigil.serde.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The in-memory registry behind {@code schema.registry.url=mock://<scope>}, as Confluent's serdes
 * offer for tests and demos. Every serde in this JVM that names the same scope shares one instance.
 * It answers like a real registry: global ids shared by equal schemas, versions per subject, a
 * compatibility level checked on register ({@link Compatibility#BACKWARD} by default: the new
 * schema must read data written with the latest version; settable for the registry and per
 * subject), and the same typed errors ({@link SubjectNotFoundException}, {@link
 * SchemaNotFoundException}, {@link IncompatibleSchemaException}).
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

  private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;
  private final Map<String, Integer> idsBySchemaText = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
  private final Map<String, Compatibility> subjectCompatibility = new HashMap<>();
  private Compatibility globalCompatibility = Compatibility.BACKWARD;
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
    Compatibility level = compatibility(subject);
    List<String> problems = level.problems(schema, versions);
    if (!problems.isEmpty()) {
      throw new IncompatibleSchemaException(
          "register schema "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "' failed: HTTP 409, error_code 409: not "
              + level
              + " compatible with the registered version(s), latest "
              + versions.size()
              + ": "
              + problems,
          409,
          409);
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
    return compatibilityProblems(subject, schema).isEmpty();
  }

  /**
   * Why {@code schema} may not be registered under {@code subject} now, under the subject's
   * compatibility level; empty when it may (always for a subject with no versions yet).
   */
  public synchronized List<String> compatibilityProblems(String subject, Schema schema) {
    List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
    return compatibility(subject).problems(schema, versions);
  }

  /**
   * Why {@code schema} is not compatible with one registered version of {@code subject}, in the
   * direction of the subject's level (a transitive level counts as its plain form here).
   */
  public synchronized List<String> compatibilityProblems(
      String subject, Schema schema, int version) {
    RegisteredSchema against = version(subject, version);
    return compatibility(subject).nonTransitive().problems(schema, List.of(against));
  }

  /** Every subject with at least one version, in name order. */
  public synchronized List<String> subjects() {
    return subjects.entrySet().stream()
        .filter(entry -> !entry.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** The version numbers registered under {@code subject}, oldest first. */
  public synchronized List<Integer> versions(String subject) {
    return versionsOf(subject, "list the versions").stream()
        .map(RegisteredSchema::version)
        .toList();
  }

  /** Version {@code version} (1-based) of {@code subject}. */
  public synchronized RegisteredSchema version(String subject, int version) {
    List<RegisteredSchema> versions = versionsOf(subject, "fetch version " + version);
    if (version < 1 || version > versions.size()) {
      throw new VersionNotFoundException(
          "fetch version "
              + version
              + " under subject '"
              + subject
              + "' failed: HTTP 404, error_code 40402: version "
              + version
              + " not found",
          404,
          40402);
    }
    return versions.get(version - 1);
  }

  /** Every subject and version {@code id} is registered under. */
  public synchronized List<RegisteredSchema> usesOf(int id) {
    schemaById(id);
    List<RegisteredSchema> uses = new ArrayList<>();
    subjects.keySet().stream()
        .sorted()
        .forEach(
            subject -> subjects.get(subject).stream().filter(v -> v.id() == id).forEach(uses::add));
    return uses;
  }

  /** The registry-wide compatibility level ({@link Compatibility#BACKWARD} unless set). */
  public synchronized Compatibility compatibility() {
    return globalCompatibility;
  }

  public synchronized void setCompatibility(Compatibility level) {
    globalCompatibility = Objects.requireNonNull(level, "level");
  }

  /** The level set for {@code subject} itself, if any. */
  public synchronized Optional<Compatibility> subjectCompatibility(String subject) {
    return Optional.ofNullable(subjectCompatibility.get(subject));
  }

  /** The level that applies to {@code subject}: its own, else the registry-wide one. */
  public synchronized Compatibility compatibility(String subject) {
    return subjectCompatibility.getOrDefault(subject, globalCompatibility);
  }

  public synchronized void setCompatibility(String subject, Compatibility level) {
    subjectCompatibility.put(subject, Objects.requireNonNull(level, "level"));
  }

  /** Removes the subject's own level (the registry-wide one applies again); returns it. */
  public synchronized Optional<Compatibility> clearCompatibility(String subject) {
    return Optional.ofNullable(subjectCompatibility.remove(subject));
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
