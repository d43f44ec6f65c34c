package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.IdentityType;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.registry.MockSchemaRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfluentAvroSerdeMockRegistryTest {

  private final String scope = "serde-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  private Map<String, Object> config(Object... keyValues) {
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", "mock://" + scope);
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put((String) keyValues[i], keyValues[i + 1]);
    }
    return config;
  }

  static List<SpecificRecord> everyEventType() {
    return SampleEvents.all();
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  <T extends SpecificRecord> void everyEventTypeRoundTripsAndRegistersUnderTheTopicSubject(
      T record) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) record.getClass();
    try (Serde<T> serde = ConfluentAvroSerde.specific(type, config(), false)) {
      byte[] bytes = serde.serializer().serialize("events", record);

      assertThat(serde.deserializer().deserialize("events", bytes)).isEqualTo(record);
      assertThat(registry.latest("events-value").schema()).isEqualTo(record.getSchema());
    }
  }

  @Test
  void tombstonesPassThroughBothWays() {
    try (Serde<AuthEvent> serde = ConfluentAvroSerde.specific(AuthEvent.class, config(), false)) {
      assertThat(serde.serializer().serialize("auth", null)).isNull();
      assertThat(serde.deserializer().deserialize("auth", null)).isNull();
    }
  }

  @Test
  void genericRecordsRoundTripWithRawTimestamps() {
    AuthEvent event = SampleEvents.authEvent();
    try (Serde<AuthEvent> specific = ConfluentAvroSerde.specific(AuthEvent.class, config(), false);
        Serde<GenericRecord> generic = ConfluentAvroSerde.generic(config(), false)) {
      GenericRecord read =
          generic
              .deserializer()
              .deserialize("auth", specific.serializer().serialize("auth", event));

      assertThat(read.get("event_id")).hasToString("evt-auth-1");
      assertThat(read.get("event_time")).isEqualTo(event.getEventTime().toEpochMilli());
      assertThat(read.get("identity_type")).hasToString("WORKLOAD");
      assertThat(
              specific
                  .deserializer()
                  .deserialize("auth", generic.serializer().serialize("auth", read)))
          .isEqualTo(event);
    }
  }

  @Test
  void specificAvroReaderPicksTheGeneratedClassNamedByTheWriterSchema() {
    try (Serde<GenericRecord> generic = ConfluentAvroSerde.generic(config(), false);
        Serde<AuthEvent> typed = ConfluentAvroSerde.specific(AuthEvent.class, config(), false)) {
      byte[] bytes = typed.serializer().serialize("auth", SampleEvents.authEvent());
      ConfluentAvroDeserializer<Object> reader = new ConfluentAvroDeserializer<>();
      reader.configure(config("specific.avro.reader", "true"), false);

      assertThat(reader.deserialize("auth", bytes)).isEqualTo(SampleEvents.authEvent());
      assertThat(generic.deserializer().deserialize("auth", bytes))
          .isNotInstanceOf(AuthEvent.class);
    }
  }

  @Test
  void subjectNameStrategiesNameTheSubjectsConfluentWould() {
    serialize(config(), true, "auth", SampleEvents.authEvent());
    serialize(
        config(
            "value.subject.name.strategy",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy"),
        false,
        "auth",
        SampleEvents.authEvent());
    serialize(
        config("value.subject.name.strategy", "TopicRecordNameStrategy"),
        false,
        "mixed",
        SampleEvents.tokenUseEvent());
    serialize(
        config("key.subject.name.strategy", SubjectNameStrategy.TOPIC_RECORD_NAME),
        true,
        "mixed",
        SampleEvents.alert());

    assertThat(registry.latest("auth-key").schema()).isEqualTo(AuthEvent.getClassSchema());
    assertThat(registry.latest("dev.vigil.events.AuthEvent").schema())
        .isEqualTo(AuthEvent.getClassSchema());
    assertThat(registry.latest("mixed-dev.vigil.events.TokenUseEvent").schema())
        .isEqualTo(TokenUseEvent.getClassSchema());
    assertThat(registry.latest("mixed-dev.vigil.events.Alert").schema())
        .isEqualTo(Alert.getClassSchema());
  }

  @Test
  void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
    assertThatThrownBy(
            () ->
                serialize(
                    config("auto.register.schemas", false),
                    false,
                    "revocations",
                    SampleEvents.revocationCommand()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'revocations'")
        .hasMessageContaining("subject 'revocations-value'")
        .hasMessageContaining("40401");

    registry.register("revocations-value", RevocationCommand.getClassSchema());
    byte[] bytes =
        serialize(
            config("auto.register.schemas", "false"),
            false,
            "revocations",
            SampleEvents.revocationCommand());
    assertThat(bytes).startsWith(0, 0, 0, 0, registry.latest("revocations-value").id());
  }

  @Test
  void aRecordWrittenWithAnOlderSchemaIsReadWithTheCurrentOne() {
    Schema older = olderAuthEventSchema();
    GenericRecord old = new GenericData.Record(older);
    old.put("event_id", "evt-old");
    old.put("event_time", 1_700_000_000_000L);
    old.put("identity_id", "svc-legacy");
    old.put(
        "identity_type",
        new GenericData.EnumSymbol(older.getField("identity_type").schema(), "SERVICE_ACCOUNT"));
    old.put("kind", new GenericData.EnumSymbol(older.getField("kind").schema(), "LOGIN"));
    old.put("outcome", new GenericData.EnumSymbol(older.getField("outcome").schema(), "SUCCESS"));
    try (Serde<GenericRecord> writer = ConfluentAvroSerde.generic(config(), false);
        Serde<AuthEvent> reader = ConfluentAvroSerde.specific(AuthEvent.class, config(), false)) {
      AuthEvent read =
          reader.deserializer().deserialize("auth", writer.serializer().serialize("auth", old));

      assertThat(read.getEventId()).isEqualTo("evt-old");
      assertThat(read.getEventTime().toEpochMilli()).isEqualTo(1_700_000_000_000L);
      assertThat(read.getIdentityType()).isEqualTo(IdentityType.SERVICE_ACCOUNT);
      assertThat(read.getScopes()).isEmpty();
      assertThat(read.getAttributes()).isEmpty();
      assertThat(read.getTokenId()).isNull();
      assertThat(read.getSource().getIp()).isNull();
    }
  }

  @Test
  void useLatestVersionWritesWithTheSubjectsLatestSchemaAndItsId() {
    registry.register("auth-value", olderAuthEventSchema());
    int olderId = registry.register("auth-value", AuthEvent.getClassSchema());
    Schema newest = withExtraField(AuthEvent.getClassSchema());
    int newestId = registry.register("auth-value", newest);
    assertThat(newestId).isNotEqualTo(olderId);

    byte[] bytes =
        serialize(
            config("use.latest.version", true, "auto.register.schemas", false),
            false,
            "auth",
            SampleEvents.authEvent());

    assertThat(bytes).startsWith(0, 0, 0, 0, newestId);
    try (Serde<GenericRecord> generic = ConfluentAvroSerde.generic(config(), false);
        Serde<AuthEvent> specific = ConfluentAvroSerde.specific(AuthEvent.class, config(), false)) {
      GenericRecord asWritten = generic.deserializer().deserialize("auth", bytes);
      assertThat(asWritten.getSchema()).isEqualTo(newest);
      assertThat(asWritten.get("region")).hasToString("unknown");
      assertThat(specific.deserializer().deserialize("auth", bytes))
          .isEqualTo(SampleEvents.authEvent());
    }
  }

  @Test
  void mockScopesAreSharedByNameAndSeparateAcrossNames() {
    byte[] bytes = serialize(config(), false, "auth", SampleEvents.authEvent());
    String otherScope = scope + "-other";
    try (Serde<AuthEvent> sameScope =
            ConfluentAvroSerde.specific(AuthEvent.class, config(), false);
        Serde<AuthEvent> otherRegistry =
            ConfluentAvroSerde.specific(
                AuthEvent.class, Map.of("schema.registry.url", "mock://" + otherScope), false)) {
      assertThat(sameScope.deserializer().deserialize("auth", bytes))
          .isEqualTo(SampleEvents.authEvent());
      assertThatThrownBy(() -> otherRegistry.deserializer().deserialize("auth", bytes))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("unknown schema id");
    } finally {
      MockSchemaRegistry.dropScope(otherScope);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private byte[] serialize(
      Map<String, Object> config, boolean isKey, String topic, SpecificRecord record) {
    try (ConfluentAvroSerializer serializer = new ConfluentAvroSerializer()) {
      serializer.configure(config, isKey);
      return serializer.serialize(topic, record);
    }
  }

  /** AuthEvent as a first draft might have had it: only the required fields. */
  static Schema olderAuthEventSchema() {
    Schema current = AuthEvent.getClassSchema();
    List<String> kept =
        List.of("event_id", "event_time", "identity_id", "identity_type", "kind", "outcome");
    List<Schema.Field> fields =
        current.getFields().stream()
            .filter(field -> kept.contains(field.name()))
            .map(field -> new Schema.Field(field, field.schema()))
            .toList();
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  /** AuthEvent as a later release might have it: one more field, with a default. */
  static Schema withExtraField(Schema current) {
    List<Schema.Field> fields =
        new java.util.ArrayList<>(
            current.getFields().stream()
                .map(field -> new Schema.Field(field, field.schema()))
                .toList());
    fields.add(
        new Schema.Field(
            "region", Schema.create(Schema.Type.STRING), "Deployment region.", "unknown"));
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }
}
