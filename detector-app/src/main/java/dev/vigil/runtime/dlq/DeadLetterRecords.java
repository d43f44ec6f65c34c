package dev.vigil.runtime.dlq;

import dev.vigil.detector.topology.DeadLetterHeaders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the dead letters every Vigil handler writes and counts and logs them.
 *
 * <p>The records carry what Kafka Streams' own dead-letter support writes (the original key and
 * value bytes, the original headers, {@code __streams.errors.*}) plus {@link
 * DeadLetterHeaders#REASON}, but are built here rather than by Kafka's handlers: those stamp the
 * letter with the failing record's timestamp, which is -1 when a write was refused in a producer
 * callback, and {@code new ProducerRecord(..., -1, ...)} throws ({@code Invalid timestamp: -1}), so
 * the handler itself failed and took the stream thread with it. A letter here carries the record's
 * timestamp when it has one, else none (the producer stamps it with the time it is sent).
 */
final class DeadLetterRecords {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

  private DeadLetterRecords() {}

  /**
   * The dead letter of the source record a sub-topology read, by its raw key and value: what a
   * failure after deserialization (in a processor, or writing a result) dead-letters.
   */
  static ProducerRecord<byte[], byte[]> ofSource(
      String deadLetterTopic, ErrorHandlerContext context, Exception exception) {
    return of(
        deadLetterTopic, context.sourceRawKey(), context.sourceRawValue(), context, exception);
  }

  /**
   * A dead letter of a record that failed where {@code context} says (deserialization, processing,
   * serialization of its output): {@code key} and {@code value} are its bytes as read.
   */
  static ProducerRecord<byte[], byte[]> of(
      String deadLetterTopic,
      byte[] key,
      byte[] value,
      ErrorHandlerContext context,
      Exception exception) {
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(deadLetterTopic, null, timestamp(context.timestamp()), key, value);
    copy(context.headers(), letter.headers());
    describe(
        letter.headers(),
        exception,
        exception.getMessage(),
        context.topic(),
        context.partition() >= 0 ? Integer.toString(context.partition()) : null,
        context.offset() >= 0 ? Long.toString(context.offset()) : null);
    return letter;
  }

  /**
   * A dead letter of an output record the broker refused ({@code refused}: an alert, a command, a
   * changelog or repartition record): its bytes and headers as Vigil tried to write them, {@code
   * __streams.errors.topic} and {@code partition} naming where it was going, the broker's answer as
   * the message and reason, and no timestamp of its own (the producer stamps it when it sends). The
   * handler's context is left out: a refusal arrives in a producer callback, when the task may
   * already be at another record.
   */
  static ProducerRecord<byte[], byte[]> refused(
      String deadLetterTopic, ProducerRecord<byte[], byte[]> refused, Exception exception) {
    // Not the refused record's timestamp: that may be the very reason it was refused.
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(deadLetterTopic, null, null, refused.key(), refused.value());
    copy(refused.headers(), letter.headers());
    describe(
        letter.headers(),
        exception,
        "the broker refused the write to "
            + refused.topic()
            + (refused.partition() == null ? "" : "-" + refused.partition())
            + ": "
            + exception,
        refused.topic(),
        refused.partition() == null ? null : refused.partition().toString(),
        null);
    return letter;
  }

  /** Counts each dead letter by the topic its record was read from, and logs where it went. */
  static void count(
      ErrorHandlerContext context,
      List<ProducerRecord<byte[], byte[]>> deadLetters,
      DeadLetterMetrics metrics) {
    for (ProducerRecord<byte[], byte[]> deadLetter : deadLetters) {
      metrics.deadLettered(context.topic());
      log.warn(
          "Dead-lettered {}-{} offset {} to {}: {}",
          context.topic(),
          context.partition(),
          context.offset(),
          deadLetter.topic(),
          DeadLetterHeaders.text(deadLetter.headers(), DeadLetterHeaders.REASON));
    }
  }

  private static Long timestamp(long timestamp) {
    return timestamp >= 0 ? timestamp : null;
  }

  private static void copy(Headers from, Headers to) {
    if (from != null) {
      for (Header header : from) {
        to.add(header);
      }
    }
  }

  private static void describe(
      Headers headers,
      Exception exception,
      String message,
      String topic,
      String partition,
      String offset) {
    StringWriter trace = new StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    put(headers, DeadLetterHeaders.EXCEPTION, exception.getClass().getName());
    put(headers, DeadLetterHeaders.MESSAGE, message);
    put(headers, DeadLetterHeaders.STACKTRACE, trace.toString());
    put(headers, DeadLetterHeaders.TOPIC, topic);
    put(headers, DeadLetterHeaders.PARTITION, partition);
    put(headers, DeadLetterHeaders.OFFSET, offset);
    DeadLetterHeaders.addReason(headers, exception);
  }

  private static void put(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
