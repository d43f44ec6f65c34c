package dev.vigil.serde.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Remembers the registry's answers so that after warm-up serializing and deserializing make no
 * call: schema to id per subject (from register and lookup), id to schema (from every answer that
 * names both), and the latest version per subject for {@code latest.cache.ttl.sec} (forever by
 * default, as in Confluent's client). Registered ids never change, so those caches need no expiry.
 * Compatibility checks are questions about now and always go through.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

  private record SubjectSchema(String subject, Schema schema) {}

  private record Fetched(RegisteredSchema schema, Instant at) {}

  private final SchemaRegistryClient delegate;
  private final Optional<Duration> latestTtl;
  private final Clock clock;
  private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, RegisteredSchema> lookedUp = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Fetched> latestBySubject = new ConcurrentHashMap<>();

  public CachingSchemaRegistryClient(
      SchemaRegistryClient delegate, Optional<Duration> latestTtl, Clock clock) {
    this.delegate = delegate;
    this.latestTtl = latestTtl;
    this.clock = clock;
  }

  public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this(delegate, Optional.empty(), Clock.systemUTC());
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer id = registeredIds.get(key);
    if (id == null) {
      RegisteredSchema known = lookedUp.get(key);
      id = known != null ? known.id() : delegate.register(subject, schema);
      registeredIds.put(key, id);
      schemasById.putIfAbsent(id, schema);
    }
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    RegisteredSchema found = lookedUp.get(key);
    if (found == null) {
      found = delegate.lookup(subject, schema);
      lookedUp.put(key, found);
      registeredIds.putIfAbsent(key, found.id());
      schemasById.putIfAbsent(found.id(), schema);
    }
    return found;
  }

  @Override
  public Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      schema = delegate.schemaById(id);
      Schema raced = schemasById.putIfAbsent(id, schema);
      if (raced != null) {
        schema = raced;
      }
    }
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    Fetched fetched = latestBySubject.get(subject);
    Instant now = clock.instant();
    if (fetched == null
        || latestTtl.map(ttl -> fetched.at().plus(ttl).isBefore(now)).orElse(false)) {
      RegisteredSchema latest = delegate.latest(subject);
      latestBySubject.put(subject, new Fetched(latest, now));
      schemasById.putIfAbsent(latest.id(), latest.schema());
      return latest;
    }
    return fetched.schema();
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return delegate.isCompatible(subject, schema);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
