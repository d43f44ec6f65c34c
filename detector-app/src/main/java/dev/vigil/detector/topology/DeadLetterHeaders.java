package dev.vigil.detector.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The headers a dead-lettered record carries. Kafka Streams' own dead-letter support (KIP-1034,
 * {@code errors.dead.letter.queue.topic.name}) writes the original key and value bytes, copies the
 * original headers and adds the {@code __streams.errors.*} headers; Vigil adds {@link #REASON}.
 * Every dead letter Vigil writes (undecodable, late, refused by the broker) carries these names, so
 * one consumer reads them all the same way; the names are part of the contract.
 */
public final class DeadLetterHeaders {

  /** Class name of the exception the record caused. */
  public static final String EXCEPTION = "__streams.errors.exception";

  /** Its message (for a Vigil serde: topic and what is wrong with the bytes). */
  public static final String MESSAGE = "__streams.errors.message";

  public static final String STACKTRACE = "__streams.errors.stacktrace";

  /** Source topic, partition and offset of the record. */
  public static final String TOPIC = "__streams.errors.topic";

  public static final String PARTITION = "__streams.errors.partition";
  public static final String OFFSET = "__streams.errors.offset";

  /**
   * Vigil's one-line reason: the innermost cause as {@code Class: message}, which names the actual
   * problem (e.g. an unknown schema id) where the outer exception may only say "deserialization
   * failed".
   */
  public static final String REASON = "vigil.dlq.reason";

  private DeadLetterHeaders() {}

  public static void addReason(Headers headers, Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason =
        root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
  }

  /** A header's value as text, or {@code null} when absent. */
  public static String text(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
