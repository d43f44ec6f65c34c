package dev.vigil.serde.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.serde.registry.MockSchemaRegistry;
import dev.vigil.serde.registry.server.SchemaRegistryServer;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Confluent's own client ({@code @confluentinc/schemaregistry} for Node.js) against Vigil's
 * in-memory {@link SchemaRegistryServer} ({@code vigil broker --registry}): it registers, fetches
 * by id and by latest version, and bytes cross between it and Vigil's serde in both directions.
 */
class SchemaRegistryServerInteropTest {

  private static final String SCOPE = "interop-server-" + UUID.randomUUID();

  private static SchemaRegistryServer server;
  private static ConfluentNodeClient confluent;
  private static Map<String, Object> config;

  @BeforeAll
  static void start() {
    server = SchemaRegistryServer.start(0, MockSchemaRegistry.forScope(SCOPE));
    config = Map.of("schema.registry.url", server.url());
    confluent = ConfluentNodeClient.install(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void confluentReadsWhatVigilWritesThroughTheServer() throws Exception {
    String topic = "server-vigil-" + UUID.randomUUID();
    AuthEvent event = SampleEvents.authEvent();
    byte[] bytes;
    try (Serde<AuthEvent> serde = ConfluentAvroSerde.specific(AuthEvent.class, config, false)) {
      bytes = serde.serializer().serialize(topic, event);
    }

    JsonNode read = new ObjectMapper().readTree(confluent.read(topic, bytes));

    assertThat(read.get("event_id").asText()).isEqualTo(event.getEventId());
    assertThat(read.get("identity_id").asText()).isEqualTo(event.getIdentityId());
    assertThat(read.get("kind").asText()).isEqualTo("TOKEN_ISSUED");
  }

  @Test
  void vigilReadsWhatConfluentRegistersAndWritesThroughTheServer() {
    String topic = "server-confluent-" + UUID.randomUUID();
    String message =
        "{\"event_id\":\"evt-node\",\"event_time\":1772360130123,\"identity_id\":\"agent:bot\","
            + "\"identity_type\":\"AI_AGENT\",\"kind\":\"TASK_STARTED\",\"outcome\":\"SUCCESS\","
            + "\"token_id\":null,\"token_expires_at\":null,\"audience\":null,\"scopes\":[],"
            + "\"source\":{\"ip\":null,\"asn\":null,\"country\":null,\"user_agent\":null,"
            + "\"workload_id\":null,\"binding\":null},\"task_id\":\"t-1\",\"issuer\":null,"
            + "\"attributes\":{}}";

    byte[] bytes = confluent.write(topic, AuthEvent.getClassSchema().toString(), message);

    assertThat(server.registry().subjects()).contains(topic + "-value");
    try (Serde<AuthEvent> serde = ConfluentAvroSerde.specific(AuthEvent.class, config, false)) {
      AuthEvent read = serde.deserializer().deserialize(topic, bytes);
      assertThat(read.getEventId()).isEqualTo("evt-node");
      assertThat(read.getTaskId()).isEqualTo("t-1");
    }
  }
}
