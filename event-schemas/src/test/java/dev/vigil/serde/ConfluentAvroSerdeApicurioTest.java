package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.registry.RegistryClientConfig;
import dev.vigil.serde.registry.RestSchemaRegistryClient;
import dev.vigil.serde.registry.testing.ApicurioRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The serde with the REST client against a real Confluent-API registry. */
class ConfluentAvroSerdeApicurioTest {

  private final String topic = "serde-" + UUID.randomUUID();
  private final Map<String, Object> config =
      Map.of("schema.registry.url", ApicurioRegistry.shared().confluentApiUrl());

  static List<SpecificRecord> everyEventType() {
    return SampleEvents.all();
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  <T extends SpecificRecord> void everyEventTypeRoundTrips(T record) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) record.getClass();
    try (Serde<T> producer = ConfluentAvroSerde.specific(type, config, false);
        Serde<T> consumer = ConfluentAvroSerde.specific(type, config, false)) {
      byte[] bytes = producer.serializer().serialize(topic, record);

      assertThat(consumer.deserializer().deserialize(topic, bytes)).isEqualTo(record);
      int id = java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt();
      assertThat(registry().latest(topic + "-value").id()).isEqualTo(id);
    }
  }

  @Test
  void anOlderWriterSchemaRegisteredThereIsReadWithTheCurrentClass() {
    Schema older = ConfluentAvroSerdeMockRegistryTest.olderAuthEventSchema();
    GenericRecord old = new GenericData.Record(older);
    old.put("event_id", "evt-v0");
    old.put("event_time", 1_650_000_000_000L);
    old.put("identity_id", "ci:legacy-runner");
    old.put(
        "identity_type",
        new GenericData.EnumSymbol(older.getField("identity_type").schema(), "CI_PIPELINE"));
    old.put("kind", new GenericData.EnumSymbol(older.getField("kind").schema(), "LOGIN"));
    old.put("outcome", new GenericData.EnumSymbol(older.getField("outcome").schema(), "FAILURE"));
    try (Serde<GenericRecord> oldProducer = ConfluentAvroSerde.generic(config, false);
        Serde<AuthEvent> producer = ConfluentAvroSerde.specific(AuthEvent.class, config, false);
        Serde<AuthEvent> consumer = ConfluentAvroSerde.specific(AuthEvent.class, config, false)) {
      byte[] oldBytes = oldProducer.serializer().serialize(topic, old);
      // The current schema is a BACKWARD-compatible second version of the same subject.
      byte[] newBytes = producer.serializer().serialize(topic, SampleEvents.authEvent());

      AuthEvent read = consumer.deserializer().deserialize(topic, oldBytes);
      assertThat(read.getEventId()).isEqualTo("evt-v0");
      assertThat(read.getScopes()).isEmpty();
      assertThat(read.getIssuer()).isNull();
      assertThat(consumer.deserializer().deserialize(topic, newBytes))
          .isEqualTo(SampleEvents.authEvent());
      assertThat(registry().latest(topic + "-value").version()).isEqualTo(2);
    }
  }

  private RestSchemaRegistryClient registry() {
    return new RestSchemaRegistryClient(RegistryClientConfig.from(config));
  }
}
