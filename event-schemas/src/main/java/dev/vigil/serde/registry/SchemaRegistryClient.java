package dev.vigil.serde.registry;

import org.apache.avro.Schema;

/**
 * The operations of a Confluent-API schema registry that the serde and Vigil's tools need.
 *
 * <p>Implementations are thread-safe. Failures are {@link SchemaRegistryException}s: the registry's
 * own answers (subject not found, incompatible schema, ...) as typed subclasses, an unreachable
 * registry as {@link RegistryUnavailableException}.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /**
   * Registers {@code schema} under {@code subject} (a no-op when it is already there) and returns
   * its global id.
   */
  int register(String subject, Schema schema);

  /** The registered version of {@code schema} under {@code subject}, without registering it. */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The schema a global id stands for. */
  Schema schemaById(int id);

  /** The newest version registered under {@code subject}. */
  RegisteredSchema latest(String subject);

  /**
   * Whether {@code schema} may be registered under {@code subject} given its compatibility rule and
   * latest version.
   */
  boolean isCompatible(String subject, Schema schema);

  @Override
  default void close() {}
}
