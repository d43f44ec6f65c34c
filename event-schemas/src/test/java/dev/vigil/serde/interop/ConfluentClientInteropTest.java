package dev.vigil.serde.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.serde.registry.testing.ApicurioRegistry;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bytes cross between Vigil's serde and Confluent's own client
 * ({@code @confluentinc/schemaregistry} for Node.js) in both directions, both talking to the same
 * registry.
 */
class ConfluentClientInteropTest {

  private static ConfluentNodeClient confluent;
  private static Map<String, Object> config;

  @BeforeAll
  static void start() {
    String url = ApicurioRegistry.shared().confluentApiUrl();
    config = Map.of("schema.registry.url", url);
    confluent = ConfluentNodeClient.install(url);
  }

  @Test
  void confluentReadsWhatVigilWrites() throws Exception {
    String topic = "interop-vigil-" + UUID.randomUUID();
    AuthEvent event = SampleEvents.authEvent();
    byte[] bytes;
    try (Serde<AuthEvent> serde = ConfluentAvroSerde.specific(AuthEvent.class, config, false)) {
      bytes = serde.serializer().serialize(topic, event);
    }

    JsonNode read = new ObjectMapper().readTree(confluent.read(topic, bytes));

    assertThat(read.get("event_id").asText()).isEqualTo("evt-auth-1");
    assertThat(read.get("event_time").asLong()).isEqualTo(event.getEventTime().toEpochMilli());
    assertThat(read.get("identity_id").asText()).isEqualTo("spiffe://prod/ns/ci/sa/deployer");
    assertThat(read.get("identity_type").asText()).isEqualTo("WORKLOAD");
    assertThat(read.get("kind").asText()).isEqualTo("TOKEN_ISSUED");
    assertThat(read.get("token_id").asText()).isEqualTo("tok-fp-9f86d081");
    assertThat(read.get("token_expires_at").asLong())
        .isEqualTo(event.getTokenExpiresAt().toEpochMilli());
    assertThat(read.get("scopes"))
        .extracting(JsonNode::asText)
        .containsExactly("repo:write", "packages:read");
    assertThat(read.get("source").get("asn").asLong()).isEqualTo(64500L);
    assertThat(read.get("source").get("user_agent").asText()).isEqualTo("vigil-test/1.0");
    assertThat(read.get("attributes").get("pipeline").asText()).isEqualTo("deploy-prod");
    assertThat(read.get("issuer").asText()).isEqualTo("https://sts.example.com");
  }

  @Test
  void vigilReadsWhatConfluentWrites() {
    String topic = "interop-confluent-" + UUID.randomUUID();
    String message =
        "{"
            + "\"event_id\":\"evt-from-node\","
            + "\"event_time\":1772360130123,"
            + "\"identity_id\":\"agent:support-bot\","
            + "\"identity_type\":\"AI_AGENT\","
            + "\"kind\":\"TASK_STARTED\","
            + "\"outcome\":\"SUCCESS\","
            + "\"token_id\":null,"
            + "\"token_expires_at\":null,"
            + "\"audience\":\"mcp:filesystem\","
            + "\"scopes\":[\"files:read\"],"
            + "\"source\":{\"ip\":\"2001:db8::7\",\"asn\":null,\"country\":\"DE\",\"user_agent\":null,"
            + "\"workload_id\":null,\"binding\":null},"
            + "\"task_id\":\"task-9\","
            + "\"issuer\":null,"
            + "\"attributes\":{\"ticket\":\"SUP-1\"}"
            + "}";

    byte[] bytes = confluent.write(topic, AuthEvent.getClassSchema().toString(), message);

    try (Serde<AuthEvent> serde = ConfluentAvroSerde.specific(AuthEvent.class, config, false)) {
      AuthEvent read = serde.deserializer().deserialize(topic, bytes);
      assertThat(read.getEventId()).isEqualTo("evt-from-node");
      assertThat(read.getEventTime().toEpochMilli()).isEqualTo(1772360130123L);
      assertThat(read.getIdentityType()).hasToString("AI_AGENT");
      assertThat(read.getKind()).hasToString("TASK_STARTED");
      assertThat(read.getTokenId()).isNull();
      assertThat(read.getAudience()).isEqualTo("mcp:filesystem");
      assertThat(read.getScopes()).containsExactly("files:read");
      assertThat(read.getSource().getIp()).isEqualTo("2001:db8::7");
      assertThat(read.getSource().getCountry()).isEqualTo("DE");
      assertThat(read.getTaskId()).isEqualTo("task-9");
      assertThat(read.getAttributes()).containsExactlyEntriesOf(Map.of("ticket", "SUP-1"));
    }
  }
}
