package dev.vigil.tools.tail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detector.risk.RiskVerdict;
import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.json.EventJson;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.tools.demo.ConsoleLines;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;

/**
 * Turns one record of a tailed topic into the line a person reads ({@link ConsoleLines}) or, with
 * {@code --json}, into one JSON line: alerts and revocation commands in the contract's JSON-lines
 * form (as {@code vigil replay} writes them), dead letters as their metadata (never the payload),
 * risk verdicts as their JSON (a tombstone as the verdict none).
 */
final class TailFormat implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_KEY_CHARS = 200;

  private final TailKind kind;
  private final boolean json;
  private final Serde<Alert> alerts;
  private final Serde<RevocationCommand> commands;

  TailFormat(TailKind kind, boolean json, Map<String, ?> serdeConfig) {
    this.kind = kind;
    this.json = json;
    this.alerts =
        kind == TailKind.ALERTS
            ? ConfluentAvroSerde.specific(Alert.class, serdeConfig, false)
            : null;
    this.commands =
        kind == TailKind.REVOCATIONS
            ? ConfluentAvroSerde.specific(RevocationCommand.class, serdeConfig, false)
            : null;
  }

  /**
   * The line for {@code record}, or null for a record with nothing to show (a tombstone on a topic
   * of Avro values).
   *
   * @throws RuntimeException when the value cannot be decoded (the caller reports and skips it)
   */
  String line(ConsumerRecord<byte[], byte[]> record) {
    return switch (kind) {
      case ALERTS -> {
        Alert alert = decode(alerts, record);
        yield alert == null ? null : json ? EventJson.write(alert) : ConsoleLines.alert(alert);
      }
      case REVOCATIONS -> {
        RevocationCommand command = decode(commands, record);
        yield command == null
            ? null
            : json ? EventJson.write(command) : ConsoleLines.command(command);
      }
      case DLQ -> deadLetter(record);
      case RISK -> risk(record);
    };
  }

  private static <T> T decode(Serde<T> serde, ConsumerRecord<byte[], byte[]> record) {
    return serde.deserializer().deserialize(record.topic(), record.headers(), record.value());
  }

  private String deadLetter(ConsumerRecord<byte[], byte[]> record) {
    Headers headers = record.headers();
    String reason = DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON);
    String topic = DeadLetterHeaders.text(headers, DeadLetterHeaders.TOPIC);
    String partition = DeadLetterHeaders.text(headers, DeadLetterHeaders.PARTITION);
    String offset = DeadLetterHeaders.text(headers, DeadLetterHeaders.OFFSET);
    String key = keyText(record.key());
    int bytes = record.value() == null ? -1 : record.value().length;
    if (!json) {
      return ConsoleLines.deadLetter(
          Instant.ofEpochMilli(record.timestamp()), topic, partition, offset, key, bytes, reason);
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
    line.put("topic", record.topic());
    line.put("partition", record.partition());
    line.put("offset", record.offset());
    line.put("key", key);
    line.put("value_bytes", bytes < 0 ? null : bytes);
    line.put("reason", reason);
    line.put("source_topic", topic);
    line.put("source_partition", number(partition));
    line.put("source_offset", number(offset));
    line.put("exception", DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION));
    line.put("message", DeadLetterHeaders.text(headers, DeadLetterHeaders.MESSAGE));
    return line.toString();
  }

  /**
   * A risk verdict is JSON already; a tombstone is an identity whose risk fell to none, shown as
   * the verdict {@code GET /risk/{id}} gives such an identity.
   */
  private String risk(ConsumerRecord<byte[], byte[]> record) {
    String key = keyText(record.key());
    String text;
    if (record.value() == null) {
      text = RiskVerdict.none(key).toJson().toString();
    } else {
      try {
        text = JSON.readTree(record.value()).toString();
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("not a JSON risk verdict: " + e.getMessage(), e);
      }
    }
    return json ? text : ConsoleLines.risk(Instant.ofEpochMilli(record.timestamp()), key, text);
  }

  /** The key as text when it is UTF-8 (the contract's keys are), else its length. */
  static String keyText(byte[] key) {
    if (key == null) {
      return null;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(key))
              .toString();
      if (text.chars().anyMatch(c -> Character.isISOControl(c))) {
        return "<" + key.length + " bytes>";
      }
      return text.length() > MAX_KEY_CHARS ? text.substring(0, MAX_KEY_CHARS) + "…" : text;
    } catch (CharacterCodingException e) {
      return "<" + key.length + " bytes>";
    }
  }

  private static Long number(String text) {
    try {
      return text == null ? null : Long.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void close() {
    for (Serde<?> serde : new Serde<?>[] {alerts, commands}) {
      if (serde != null) {
        serde.close();
      }
    }
  }
}
