package dev.vigil.tools.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.risk.RiskContribution;
import dev.vigil.detector.risk.RiskLevel;
import dev.vigil.detector.risk.RiskVerdict;
import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import dev.vigil.events.json.EventJson;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.serde.registry.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TailFormatTest {

  private static final Instant AT = Instant.parse("2026-11-28T18:02:41.517Z");

  private final String scope = "tail-format-" + UUID.randomUUID();
  private final Map<String, Object> serde = Map.of("schema.registry.url", "mock://" + scope);

  @AfterEach
  void drop() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void alertsAndCommandsReadAsTheDemoShowsThemOrAsTheirJsonLines() {
    byte[] alert = bytes(Alert.class, "identity.alerts", SampleEvents.alert());
    byte[] command =
        bytes(RevocationCommand.class, "identity.revocations", SampleEvents.revocationCommand());

    try (TailFormat lines = new TailFormat(TailKind.ALERTS, false, serde);
        TailFormat json = new TailFormat(TailKind.ALERTS, true, serde)) {
      assertThat(lines.line(record("identity.alerts", "svc-billing@corp", alert)))
          .startsWith("10:10:01 ALERT  HIGH     TOKEN_REPLAY")
          .endsWith("| Token used from 2 ASNs in 3 countries within 10 minutes");
      assertThat(json.line(record("identity.alerts", "svc-billing@corp", alert)))
          .isEqualTo(EventJson.write(SampleEvents.alert()));
      assertThat(lines.line(record("identity.alerts", "svc-billing@corp", null))).isNull();
      assertThatThrownBy(() -> lines.line(record("identity.alerts", "k", new byte[] {1, 2})))
          .hasMessageContaining("identity.alerts");
    }
    try (TailFormat lines = new TailFormat(TailKind.REVOCATIONS, false, serde);
        TailFormat json = new TailFormat(TailKind.REVOCATIONS, true, serde)) {
      assertThat(lines.line(record("identity.revocations", "svc-billing@corp", command)))
          .isEqualTo(
              "10:10:01 REVOKE REVOKE_TOKEN     target=token tok-fp-9f86d081 of svc-billing@corp"
                  + " dry-run=true | token replayed from a second network");
      assertThat(json.line(record("identity.revocations", "svc-billing@corp", command)))
          .isEqualTo(EventJson.write(SampleEvents.revocationCommand()));
    }
  }

  @Test
  void aDeadLetterShowsReasonSourceAndSizeButNeverThePayload() throws Exception {
    byte[] payload = "SECRET-PAYLOAD".getBytes(StandardCharsets.UTF_8);
    ConsumerRecord<byte[], byte[]> letter = record("identity.dlq", "svc-ci", payload);
    header(
        letter,
        DeadLetterHeaders.REASON,
        "java.lang.IllegalArgumentException: unknown magic byte 83");
    header(letter, DeadLetterHeaders.TOPIC, "identity.auth-events");
    header(letter, DeadLetterHeaders.PARTITION, "2");
    header(letter, DeadLetterHeaders.OFFSET, "1841");
    header(
        letter,
        DeadLetterHeaders.EXCEPTION,
        "org.apache.kafka.common.errors.SerializationException");
    header(letter, DeadLetterHeaders.MESSAGE, "topic 'identity.auth-events': unknown magic byte");
    header(letter, DeadLetterHeaders.STACKTRACE, "at SECRET-STACK");

    try (TailFormat lines = new TailFormat(TailKind.DLQ, false, serde);
        TailFormat json = new TailFormat(TailKind.DLQ, true, serde)) {
      assertThat(lines.line(letter))
          .isEqualTo(
              "18:02:41 DLQ    source=identity.auth-events/2@1841 key=svc-ci bytes=14"
                  + " | java.lang.IllegalArgumentException: unknown magic byte 83");
      String line = json.line(letter);
      assertThat(line).doesNotContain("SECRET");
      JsonNode node = new ObjectMapper().readTree(line);
      assertThat(node.get("reason").asText()).startsWith("java.lang.IllegalArgumentException");
      assertThat(node.get("source_topic").asText()).isEqualTo("identity.auth-events");
      assertThat(node.get("source_partition").asInt()).isEqualTo(2);
      assertThat(node.get("source_offset").asLong()).isEqualTo(1841);
      assertThat(node.get("value_bytes").asInt()).isEqualTo(14);
      assertThat(node.get("key").asText()).isEqualTo("svc-ci");
      assertThat(node.get("topic").asText()).isEqualTo("identity.dlq");
      assertThat(node.get("timestamp").asText()).isEqualTo("2026-11-28T18:02:41.517Z");

      ConsumerRecord<byte[], byte[]> bare =
          new ConsumerRecord<>(
              "identity.dlq",
              0,
              3,
              AT.toEpochMilli(),
              TimestampType.CREATE_TIME,
              2,
              0,
              new byte[] {0, (byte) 0xff},
              null,
              new RecordHeaders(),
              Optional.empty());
      assertThat(lines.line(bare))
          .isEqualTo(
              "18:02:41 DLQ    source=?/?@? key=<2 bytes> bytes=none | (no vigil.dlq.reason header)");
    }
  }

  @Test
  void riskVerdictsReadAsTheirJsonAndATombstoneAsLevelNone() {
    RiskVerdict high =
        new RiskVerdict(
            "svc-ci",
            RiskLevel.HIGH,
            false,
            List.of(
                new RiskContribution(
                    "a-1",
                    "lateral-audience-mismatch",
                    Detection.LATERAL_MOVEMENT,
                    Severity.HIGH,
                    Instant.parse("2026-12-01T18:00:00Z"),
                    Instant.parse("2026-12-02T18:00:00Z"))),
            Instant.parse("2026-12-02T18:00:00Z"),
            Instant.parse("2026-12-02T18:00:00Z"));
    String verdict = new String(high.toJsonBytes(), StandardCharsets.UTF_8);

    try (TailFormat lines = new TailFormat(TailKind.RISK, false, serde);
        TailFormat json = new TailFormat(TailKind.RISK, true, serde)) {
      assertThat(json.line(record("identity.risk", "svc-ci", high.toJsonBytes())))
          .isEqualTo(verdict);
      assertThat(lines.line(record("identity.risk", "svc-ci", high.toJsonBytes())))
          .isEqualTo("18:02:41 RISK   key=svc-ci | " + verdict);
      assertThat(json.line(record("identity.risk", "svc-ci", null)))
          .isEqualTo(
              "{\"identity_id\":\"svc-ci\",\"level\":\"none\",\"escalated\":false,\"alerts\":[]}");
      assertThatThrownBy(() -> json.line(record("identity.risk", "k", new byte[] {1, 2})))
          .hasMessageContaining("not a JSON risk verdict");
    }
  }

  @Test
  void kindsParseByTheirNames() {
    assertThat(TailKind.parse("DLQ")).contains(TailKind.DLQ);
    assertThat(TailKind.parse("alert")).isEmpty();
    assertThat(TailKind.choices()).isEqualTo("alerts|revocations|dlq|risk");
  }

  private <T extends org.apache.avro.specific.SpecificRecord> byte[] bytes(
      Class<T> type, String topic, T value) {
    try (Serde<T> s = ConfluentAvroSerde.specific(type, serde, false)) {
      return s.serializer().serialize(topic, value);
    }
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ConsumerRecord<>(
        topic,
        0,
        7,
        AT.toEpochMilli(),
        TimestampType.CREATE_TIME,
        key.length(),
        value == null ? -1 : value.length,
        key.getBytes(StandardCharsets.UTF_8),
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  private static void header(ConsumerRecord<byte[], byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
