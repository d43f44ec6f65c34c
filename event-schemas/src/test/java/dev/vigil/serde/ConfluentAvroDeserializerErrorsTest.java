package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.registry.MockSchemaRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every unreadable payload is a SerializationException naming the topic and the cause, never a
 * crash or a null.
 */
class ConfluentAvroDeserializerErrorsTest {

  private final String scope = "errors-" + UUID.randomUUID();
  private final Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);
  private final Serde<AuthEvent> serde =
      ConfluentAvroSerde.specific(AuthEvent.class, config, false);

  @AfterEach
  void cleanUp() {
    serde.close();
    MockSchemaRegistry.dropScope(scope);
  }

  private byte[] validPayload() {
    return serde.serializer().serialize("auth", SampleEvents.authEvent());
  }

  @Test
  void wrongMagicByte() {
    byte[] payload = validPayload();
    payload[0] = 0x7b;

    assertThatThrownBy(() -> serde.deserializer().deserialize("auth", payload))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'auth'")
        .hasMessageContaining("wrong magic byte 0x7b");
  }

  /** Found by WireFormatFuzzTest: Avro refuses such a length with UnsupportedOperationException. */
  @Test
  void aLengthBeyondWhatJavaCanHold() {
    byte[] header = Arrays.copyOf(validPayload(), 5);
    byte[] payload = Arrays.copyOf(header, 11);
    byte[] hugeLength = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
    System.arraycopy(hugeLength, 0, payload, 5, hugeLength.length);

    assertThatThrownBy(() -> serde.deserializer().deserialize("auth", payload))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'auth'")
        .hasMessageContaining("malformed Avro payload");
  }

  @Test
  void payloadShorterThanTheHeader() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("auth", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'auth'")
        .hasMessageContaining("truncated payload: 3 byte(s)");
  }

  @Test
  void payloadCutInsideTheRecord() {
    byte[] payload = validPayload();
    byte[] cut = Arrays.copyOf(payload, payload.length - 10);

    assertThatThrownBy(() -> serde.deserializer().deserialize("auth", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'auth'")
        .hasMessageContaining("truncated payload");
  }

  @Test
  void bytesLeftOverAfterTheRecord() {
    byte[] payload = validPayload();
    byte[] padded = Arrays.copyOf(payload, payload.length + 2);

    assertThatThrownBy(() -> serde.deserializer().deserialize("auth", padded))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'auth'")
        .hasMessageContaining("2 unexpected byte(s)");
  }

  @Test
  void unknownSchemaId() {
    byte[] payload = validPayload();
    payload[4] = 99;

    assertThatThrownBy(() -> serde.deserializer().deserialize("auth", payload))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'auth'")
        .hasMessageContaining("unknown schema id 99");
  }

  @Test
  void recordOfAnotherTypeIsNotReadAsThisOne() {
    byte[] command;
    try (Serde<RevocationCommand> other =
        ConfluentAvroSerde.specific(RevocationCommand.class, config, false)) {
      command = other.serializer().serialize("auth", SampleEvents.revocationCommand());
    }

    assertThatThrownBy(() -> serde.deserializer().deserialize("auth", command))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'auth'")
        .hasMessageContaining("cannot be read as dev.vigil.events.AuthEvent");
  }

  @Test
  void registryUnreachableOnBothSides() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, Object> unreachable =
        Map.of(
            "schema.registry.url", "http://127.0.0.1:" + closedPort,
            "max.retries", 1,
            "retries.wait.ms", 1);
    byte[] payload = validPayload();
    try (Serde<AuthEvent> offline =
        ConfluentAvroSerde.specific(AuthEvent.class, unreachable, false)) {
      assertThatThrownBy(() -> offline.deserializer().deserialize("auth", payload))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("topic 'auth'")
          .hasMessageContaining("registry unreachable")
          .hasMessageContaining("2 attempt(s)")
          .hasMessageContaining("ConnectException");
      assertThatThrownBy(() -> offline.serializer().serialize("auth", SampleEvents.authEvent()))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("topic 'auth'")
          .hasMessageContaining("registry unreachable");
    }
  }

  @Test
  void aGoodPayloadStillReadsAfterBadOnes() {
    byte[] payload = validPayload();
    byte[] broken = payload.clone();
    broken[0] = 1;
    assertThatThrownBy(() -> serde.deserializer().deserialize("auth", broken))
        .isInstanceOf(SerializationException.class);

    assertThat(serde.deserializer().deserialize("auth", payload))
        .isEqualTo(SampleEvents.authEvent());
  }
}
