package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import dev.vigil.serde.registry.MockSchemaRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exact bytes on the wire, worked out by hand from the Confluent framing and the Avro binary spec.
 */
class WireFormatGoldenTest {

  private final String scope = "golden-" + UUID.randomUUID();
  private final Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  private static final RevocationCommand COMMAND =
      RevocationCommand.newBuilder()
          .setCommandId("c1")
          .setAlertId("a1")
          .setIdentityId("i1")
          .setTokenId("t")
          .setAction(RevocationAction.DISABLE_IDENTITY)
          .setReason("r")
          .setIssuedAt(Instant.ofEpochMilli(1000))
          .setDryRun(true)
          .build();

  private static final byte[] COMMAND_BYTES =
      bytes(
          0x00, // magic byte
          0x00, 0x00, 0x00, 0x2A, // schema id 42, big-endian
          0x04, 'c', '1', // command_id: length 2 (zig-zag 4), "c1"
          0x04, 'a', '1', // alert_id
          0x04, 'i', '1', // identity_id
          0x02, 0x02, 't', // token_id: union branch 1 (string), length 1, "t"
          0x04, // action: DISABLE_IDENTITY is symbol 2 (zig-zag 4)
          0x02, 'r', // reason
          0xD0, 0x0F, // issued_at: 1000 ms, zig-zag 2000 = 0b1111_1010000 as varint
          0x01); // dry_run: true

  @Test
  void specificRecordSerializesToTheHandWrittenBytes() {
    MockSchemaRegistry.forScope(scope)
        .registerWithId("revocations-value", RevocationCommand.getClassSchema(), 42);
    try (Serde<RevocationCommand> serde =
        ConfluentAvroSerde.specific(RevocationCommand.class, config, false)) {
      assertThat(serde.serializer().serialize("revocations", COMMAND)).isEqualTo(COMMAND_BYTES);
    }
  }

  @Test
  void handWrittenBytesDeserializeToTheRecord() {
    MockSchemaRegistry.forScope(scope)
        .registerWithId("revocations-value", RevocationCommand.getClassSchema(), 42);
    try (Serde<RevocationCommand> serde =
        ConfluentAvroSerde.specific(RevocationCommand.class, config, false)) {
      assertThat(serde.deserializer().deserialize("revocations", COMMAND_BYTES)).isEqualTo(COMMAND);
    }
  }

  private static final Schema KEY_SCHEMA =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Key\",\"namespace\":\"golden\",\"fields\":[{\"name\":\"n\",\"type\":\"long\"}]}");

  // A schema id with four distinct bytes shows the byte order; -1 is zig-zag 1.
  private static final byte[] KEY_BYTES = bytes(0x00, 0x01, 0x02, 0x03, 0x04, 0x01);

  @Test
  void genericKeyBytesBothWays() {
    MockSchemaRegistry.forScope(scope).registerWithId("keys-key", KEY_SCHEMA, 0x01020304);
    GenericRecord key = new GenericData.Record(KEY_SCHEMA);
    key.put("n", -1L);
    try (Serde<GenericRecord> serde = ConfluentAvroSerde.generic(config, true)) {
      assertThat(serde.serializer().serialize("keys", key)).isEqualTo(KEY_BYTES);
      assertThat(serde.deserializer().deserialize("keys", KEY_BYTES)).isEqualTo(key);
    }
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
