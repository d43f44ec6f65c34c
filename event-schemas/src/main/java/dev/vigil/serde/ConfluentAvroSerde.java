package dev.vigil.serde;

import dev.vigil.serde.registry.SchemaRegistryClient;
import dev.vigil.serde.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer},
 * configured with Confluent's keys ({@code schema.registry.url}, {@code auto.register.schemas},
 * ...).
 */
public class ConfluentAvroSerde<T> implements Serde<T> {

  private final ConfluentAvroSerializer<T> serializer;
  private final ConfluentAvroDeserializer<T> deserializer;
  private final SchemaRegistryClient ownedRegistry;

  /**
   * For Kafka to create by class name: generic records, or specific ones with {@code
   * specific.avro.reader}.
   */
  public ConfluentAvroSerde() {
    this(new ConfluentAvroSerializer<>(), new ConfluentAvroDeserializer<>(), null);
  }

  private ConfluentAvroSerde(
      ConfluentAvroSerializer<T> serializer,
      ConfluentAvroDeserializer<T> deserializer,
      SchemaRegistryClient ownedRegistry) {
    this.serializer = serializer;
    this.deserializer = deserializer;
    this.ownedRegistry = ownedRegistry;
  }

  /**
   * A configured serde reading and writing the generated class {@code type}. Its serializer and
   * deserializer share one registry client, so what one learns the other need not ask.
   */
  public static <T extends SpecificRecord> Serde<T> specific(
      Class<T> type, Map<String, ?> config, boolean isKey) {
    SchemaRegistryClient registry = SchemaRegistryClients.create(config);
    return configured(type, registry, registry, config, isKey);
  }

  /**
   * As {@link #specific(Class, Map, boolean)}, sharing {@code registry} instead of building a
   * client.
   */
  public static <T extends SpecificRecord> Serde<T> specific(
      Class<T> type, SchemaRegistryClient registry, Map<String, ?> config, boolean isKey) {
    return configured(type, registry, null, config, isKey);
  }

  /** A configured serde for {@link GenericRecord}s of any schema. */
  public static Serde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
    SchemaRegistryClient registry = SchemaRegistryClients.create(config);
    return configured(null, registry, registry, config, isKey);
  }

  /**
   * A serde whose serializer and deserializer share {@code registry}, configured; it closes {@code
   * owned} (the registry it built, or null) when closed. A null {@code type} reads generic records.
   */
  private static <T> ConfluentAvroSerde<T> configured(
      Class<? extends SpecificRecord> type,
      SchemaRegistryClient registry,
      SchemaRegistryClient owned,
      Map<String, ?> config,
      boolean isKey) {
    ConfluentAvroSerde<T> serde =
        new ConfluentAvroSerde<>(
            new ConfluentAvroSerializer<>(registry),
            new ConfluentAvroDeserializer<>(type, registry),
            owned);
    serde.configure(config, isKey);
    return serde;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
    if (ownedRegistry != null) {
      ownedRegistry.close();
    }
  }
}
