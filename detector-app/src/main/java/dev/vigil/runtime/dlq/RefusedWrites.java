package dev.vigil.runtime.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the dead letters of records the broker refused, with a producer of its own, off the thread
 * that reported the refusal.
 *
 * <p>Why not hand them back to Kafka Streams, as the other handlers do: a refusal is reported in
 * the callback of Streams' producer, on that producer's network thread, and a dead letter returned
 * from there is sent from that thread. Unless the producer happens to hold metadata for the
 * dead-letter topic, that send waits for metadata only the same, now blocked, thread can fetch:
 * every write of the task stalls for {@code max.block.ms} (60 s) and the task is torn down. Under
 * exactly-once the letter would also be aborted with the transaction the refusal poisoned.
 *
 * <p>The letter is written at least once, outside any transaction. Under exactly-once the refused
 * record comes back each time the task retries its transaction; the same letter (same destination,
 * key and value) is written once per {@link #REPEAT_WINDOW_MS}, not on every retry.
 */
final class RefusedWrites {

  private static final Logger log = LoggerFactory.getLogger(RefusedWrites.class);

  /** Identical refusals within this window are written once. */
  static final long REPEAT_WINDOW_MS = 10 * 60_000L;

  private static final int REMEMBERED = 1024;
  private static final Map<String, RefusedWrites> SHARED = new HashMap<>();

  private final Producer<byte[], byte[]> producer;
  private final ExecutorService sender;
  private final Map<String, Long> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > REMEMBERED;
        }
      };

  RefusedWrites(Producer<byte[], byte[]> producer) {
    this.producer = producer;
    this.sender =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "vigil-refused-writes");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The writer for the cluster {@code streamsConfig} names: one per JVM and bootstrap servers,
   * created on the first refusal (refusals are rare), closed when the JVM exits.
   */
  static synchronized RefusedWrites shared(Map<String, ?> streamsConfig) {
    String servers =
        Objects.toString(streamsConfig.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG), "");
    return SHARED.computeIfAbsent(
        servers,
        key -> {
          RefusedWrites writes =
              new RefusedWrites(
                  new KafkaProducer<>(
                      producerConfig(streamsConfig),
                      new ByteArraySerializer(),
                      new ByteArraySerializer()));
          Runtime.getRuntime()
              .addShutdownHook(new Thread(writes::close, "vigil-refused-writes-close"));
          return writes;
        });
  }

  /**
   * The connection and security settings of Streams' clients (and its {@code producer.} overrides),
   * for a plain idempotent producer: no transactions, no Streams-only keys.
   */
  static Map<String, Object> producerConfig(Map<String, ?> streamsConfig) {
    Map<String, Object> config = new HashMap<>();
    streamsConfig.forEach(
        (key, value) -> {
          if (ProducerConfig.configNames().contains(key) && value != null) {
            config.put(key, value);
          }
        });
    streamsConfig.forEach(
        (key, value) -> {
          String stripped = key.substring(StreamsConfig.PRODUCER_PREFIX.length());
          if (key.startsWith(StreamsConfig.PRODUCER_PREFIX)
              && ProducerConfig.configNames().contains(stripped)
              && value != null) {
            config.put(stripped, value);
          }
        });
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.PARTITIONER_CLASS_CONFIG);
    config.remove(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-refused-writes");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  /**
   * Sends {@code letter} (the dead letter of {@code refused}) unless the same refusal was written
   * within the repeat window; returns whether it is sent. Never blocks, never throws.
   */
  boolean publish(ProducerRecord<byte[], byte[]> refused, ProducerRecord<byte[], byte[]> letter) {
    String fingerprint = fingerprint(refused);
    long now = System.currentTimeMillis();
    synchronized (recent) {
      Long last = recent.get(fingerprint);
      if (last != null && now - last < REPEAT_WINDOW_MS) {
        return false;
      }
      recent.put(fingerprint, now);
    }
    try {
      sender.execute(
          () -> {
            try {
              producer.send(
                  letter,
                  (metadata, error) -> {
                    if (error != null) {
                      log.error(
                          "Cannot write the dead letter of a record refused for {} to {}: {}",
                          refused.topic(),
                          letter.topic(),
                          error.toString());
                    }
                  });
            } catch (RuntimeException e) {
              log.error(
                  "Cannot write the dead letter of a record refused for {}", refused.topic(), e);
            }
          });
      return true;
    } catch (RuntimeException e) {
      log.error("Cannot queue the dead letter of a record refused for {}", refused.topic(), e);
      return false;
    }
  }

  /** Waits until every queued letter was handed to the producer and sent (tests, shutdown). */
  void flush() {
    try {
      sender.submit(producer::flush).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Dead letters of refused writes not flushed: {}", e.toString());
    }
  }

  void close() {
    flush();
    sender.shutdown();
    producer.close(Duration.ofSeconds(10));
  }

  private static String fingerprint(ProducerRecord<byte[], byte[]> record) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(record.topic().getBytes(StandardCharsets.UTF_8));
      digest.update(
          ByteBuffer.allocate(4)
              .putInt(record.partition() == null ? -1 : record.partition())
              .array());
      digest.update(lengthOf(record.key()));
      if (record.key() != null) {
        digest.update(record.key());
      }
      digest.update(lengthOf(record.value()));
      if (record.value() != null) {
        digest.update(record.value());
      }
      return Arrays.toString(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static byte[] lengthOf(byte[] bytes) {
    return ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array();
  }
}
