package dev.vigil.tools.revoke;

import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.events.RevocationCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes what the consumer could not apply to the revocation dead-letter topic and waits for the
 * broker's acknowledgement, so the consumer commits the source offset only once the failure is
 * durably recorded. A failure to publish is thrown: the consumer must stop rather than lose a
 * revocation.
 *
 * <p>A command that no sink would take is written as its JSON form ({@link RevocationJson}), keyed
 * by identity id; an undecodable record is written with its original key and value bytes. Headers
 * say why and where from.
 */
public final class DeadLetterPublisher {

  // The names every Vigil dead letter carries, so one reader handles the detector's and these.
  public static final String REASON = DeadLetterHeaders.REASON;
  public static final String SOURCE_TOPIC = DeadLetterHeaders.TOPIC;
  public static final String SOURCE_PARTITION = DeadLetterHeaders.PARTITION;
  public static final String SOURCE_OFFSET = DeadLetterHeaders.OFFSET;

  /** Only on a revocation dead letter: the sink that refused the command, and how many tries. */
  public static final String SINK = "vigil.dlq.sink";

  public static final String ATTEMPTS = "vigil.dlq.attempts";

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Duration sendTimeout;

  public DeadLetterPublisher(
      Producer<byte[], byte[]> producer, String topic, Duration sendTimeout) {
    this.producer = Objects.requireNonNull(producer, "producer");
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("the dead-letter topic name is empty");
    }
    this.topic = topic;
    this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
  }

  public String topic() {
    return topic;
  }

  /** A command that {@code sink} refused or never accepted within the retry budget. */
  public void commandFailed(
      RevocationCommand command, String sink, String reason, int attempts, RecordSource source) {
    Headers headers = sourceHeaders(source.topic(), source.partition(), source.offset());
    add(headers, REASON, reason);
    add(headers, SINK, sink);
    add(headers, ATTEMPTS, Integer.toString(attempts));
    publish(
        new ProducerRecord<>(
            topic,
            null,
            command.getIdentityId().getBytes(StandardCharsets.UTF_8),
            RevocationJson.toJson(command),
            headers),
        source.toString());
  }

  /** A record the value deserializer could not read: its bytes are kept as they were. */
  public void undecodable(RecordDeserializationException error) {
    Headers headers =
        sourceHeaders(
            error.topicPartition().topic(), error.topicPartition().partition(), error.offset());
    if (error.headers() != null) {
      for (Header header : error.headers()) {
        headers.add(header);
      }
    }
    Throwable cause = error.getCause() == null ? error : error.getCause();
    add(headers, REASON, "undecodable " + error.origin() + ": " + cause);
    publish(
        new ProducerRecord<>(
            topic, null, bytes(error.keyBuffer()), bytes(error.valueBuffer()), headers),
        error.topicPartition() + "@" + error.offset());
  }

  private void publish(ProducerRecord<byte[], byte[]> record, String what) {
    try {
      producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLetterException("interrupted while dead-lettering " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new DeadLetterException(
          "cannot write " + what + " to the dead-letter topic " + topic + ": " + e.getMessage(), e);
    }
  }

  private static Headers sourceHeaders(String sourceTopic, int partition, long offset) {
    Headers headers = new RecordHeaders();
    add(headers, SOURCE_TOPIC, sourceTopic);
    add(headers, SOURCE_PARTITION, Integer.toString(partition));
    add(headers, SOURCE_OFFSET, Long.toString(offset));
    return headers;
  }

  private static void add(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** The dead-letter topic could not be written; the source offset must not be committed. */
  public static final class DeadLetterException extends RuntimeException {
    DeadLetterException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
