package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.events.Alert;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the detector cannot read (wrong magic byte, a schema id the registry does not know,
 * garbage after a valid header) go to the dead-letter topic with their original bytes and headers
 * and where they came from, while the good events around them are all still detected.
 */
class PoisonRecordsIT {

  /** A header the emitter set, which must survive into the dead letter. */
  private static final String TRACE_HEADER = "traceparent";

  @TempDir Path stateDir;

  /** A poison record as written, and where it landed. */
  private record Poison(
      String key, byte[] value, String trace, RecordMetadata written, String expectedMessage) {}

  @Test
  void everyUndecodableRecordIsDeadLetteredAsWrittenAndEveryGoodEventIsStillDetected()
      throws Exception {
    ItScope scope = new ItScope("it-poison", 2);
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    TokenReplay first = new TokenReplay("spiffe://prod/ns/ci/sa/deployer", "tok-first", start);
    TokenReplay second = new TokenReplay("spiffe://prod/ns/ci/sa/releaser", "tok-second", start);
    String tokenTopic = scope.topics().tokenEvents();
    String authTopic = scope.topics().authEvents();

    try (RunningDetector detector = RunningDetector.start(scope, stateDir);
        EventWriter writer = new EventWriter(scope);
        CommittedReader<Alert> alerts = CommittedReader.alerts(scope);
        CommittedReader<byte[]> deadLetters =
            new CommittedReader<>(scope.topics().deadLetters(), new ByteArrayDeserializer())) {
      byte[] good = writer.serialize(first.legitimateUses(1).get(0));
      int realSchemaId = ByteBuffer.wrap(good, 1, 4).getInt();
      int unknownSchemaId = 987_654_321;
      List<Poison> poison = new ArrayList<>();

      writer.send(first.issue(), second.issue());
      poison.add(
          poison(
              writer,
              tokenTopic,
              "k-magic",
              withMagic(good, (byte) 1),
              "t-1",
              "wrong magic byte 0x01"));
      first.legitimateUses(2).forEach(writer::send);
      poison.add(
          poison(
              writer,
              tokenTopic,
              "k-unknown",
              withSchemaId(good, unknownSchemaId),
              "t-2",
              "unknown schema id " + unknownSchemaId));
      second.legitimateUses(2).forEach(writer::send);
      poison.add(
          poison(
              writer,
              tokenTopic,
              "k-garbage",
              framedGarbage(realSchemaId),
              "t-3",
              "malformed Avro payload for schema id " + realSchemaId));
      poison.add(
          poison(
              writer,
              authTopic,
              "k-text",
              "{\"event_type\":\"auth\"}".getBytes(StandardCharsets.UTF_8),
              "t-4",
              "wrong magic byte 0x7b"));
      writer.send(first.replayed(10));
      poison.add(
          poison(
              writer, authTopic, null, new byte[] {0, 0}, "t-5", "truncated payload: 2 byte(s)"));
      writer.send(second.replayed(10));

      // Nothing good lost: both replays are detected despite the poison between their events.
      assertThat(alerts.awaitExactly(2, Duration.ofSeconds(60)))
          .extracting(r -> r.value().getAlertId())
          .containsExactlyInAnyOrder(first.alertId(), second.alertId());

      List<ConsumerRecord<String, byte[]>> dead =
          deadLetters.awaitExactly(poison.size(), Duration.ofSeconds(30));
      for (Poison p : poison) {
        ConsumerRecord<String, byte[]> letter =
            dead.stream()
                .filter(r -> p.trace().equals(DeadLetterHeaders.text(r.headers(), TRACE_HEADER)))
                .findFirst()
                .orElseThrow(
                    () -> new AssertionError("no dead letter for poison record " + p.trace()));
        assertThat(letter.key()).as("original key of %s", p.trace()).isEqualTo(p.key());
        assertThat(letter.value()).as("original bytes of %s", p.trace()).isEqualTo(p.value());
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.TOPIC))
            .isEqualTo(p.written().topic());
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.PARTITION))
            .isEqualTo(Integer.toString(p.written().partition()));
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.OFFSET))
            .isEqualTo(Long.toString(p.written().offset()));
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.MESSAGE))
            .as("why %s was dead-lettered", p.trace())
            .contains(p.expectedMessage());
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.REASON)).isNotBlank();
      }

      assertThat(detector.scrape())
          .contains("vigil_dlq_records_total{topic=\"" + tokenTopic + "\"} 3.0")
          .contains("vigil_dlq_records_total{topic=\"" + authTopic + "\"} 2.0")
          .contains("vigil_events_in_total{type=\"auth\"} 2.0")
          .contains("vigil_events_in_total{type=\"token_use\"} 6.0");
    }
  }

  private static Poison poison(
      EventWriter writer,
      String topic,
      String key,
      byte[] value,
      String trace,
      String expectedMessage) {
    List<Header> headers =
        List.of(new RecordHeader(TRACE_HEADER, trace.getBytes(StandardCharsets.UTF_8)));
    return new Poison(
        key, value, trace, writer.sendRaw(topic, key, value, headers), expectedMessage);
  }

  private static byte[] withMagic(byte[] framed, byte magic) {
    byte[] copy = Arrays.copyOf(framed, framed.length);
    copy[0] = magic;
    return copy;
  }

  private static byte[] withSchemaId(byte[] framed, int schemaId) {
    byte[] copy = Arrays.copyOf(framed, framed.length);
    ByteBuffer.wrap(copy, 1, 4).putInt(schemaId);
    return copy;
  }

  /** A valid header naming a real TokenUseEvent schema, followed by bytes that are not one. */
  private static byte[] framedGarbage(int schemaId) {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f, 0x01};
    return ByteBuffer.allocate(5 + garbage.length)
        .put((byte) 0)
        .putInt(schemaId)
        .put(garbage)
        .array();
  }
}
