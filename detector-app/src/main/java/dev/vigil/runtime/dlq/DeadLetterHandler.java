package dev.vigil.runtime.dlq;

import dev.vigil.detector.topology.DeadLetterHeaders;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's {@code deserialization.exception.handler}: a record that cannot be decoded goes to the
 * dead-letter topic and the stream goes on; a record that cannot be decoded because the Schema
 * Registry is down is not skipped.
 *
 * <ul>
 *   <li><b>Bad bytes</b> (wrong magic byte, unknown schema id, garbage): Kafka Streams writes the
 *       dead letter this handler returns ({@link DeadLetterRecords}): the original key and value
 *       bytes, to {@code errors.dead.letter.queue.topic.name}, with the original headers and {@code
 *       __streams.errors.*} headers naming exception, message, source topic, partition and offset
 *       (see {@link DeadLetterHeaders}); this handler adds {@link DeadLetterHeaders#REASON} and
 *       counts the record by source topic. The record is written in the same transaction as the
 *       task's other output, so under exactly-once it is dead-lettered exactly once.
 *   <li><b>Registry outage</b> ({@link RegistryOutage}): the handler answers FAIL. The stream
 *       thread stops without committing past the record; the uncaught-exception policy replaces the
 *       thread after a backoff, and the new thread reads the record again from the last committed
 *       offset.
 * </ul>
 *
 * <p>Kafka Streams creates the handler by class name; the counter is handed over in the Streams
 * configuration under {@link #METRICS_CONFIG} (a {@link DeadLetterMetrics} object). Without the
 * dead-letter topic setting the handler refuses to start, since it would silently drop records.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {

  /** Streams configuration key whose value is the {@link DeadLetterMetrics} to count with. */
  public static final String METRICS_CONFIG = "vigil.dlq.metrics";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  private DeadLetterMetrics metrics = DeadLetterMetrics.NONE;
  private String deadLetterTopic;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = DeadLetterConfig.metrics(configs);
    deadLetterTopic = DeadLetterConfig.requireTopic(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (RegistryOutage.isOutage(exception)) {
      log.warn(
          "Schema Registry unavailable while reading {}-{} offset {}: {}; the record is not"
              + " dead-lettered and will be read again",
          context.topic(),
          context.partition(),
          context.offset(),
          exception.toString());
      return Response.fail();
    }
    List<ProducerRecord<byte[], byte[]>> deadLetters =
        List.of(
            DeadLetterRecords.of(
                deadLetterTopic, record.key(), record.value(), context, exception));
    DeadLetterRecords.count(context, deadLetters, metrics);
    return Response.resume(deadLetters);
  }

  /** Shared by the deserialization and the processing handler. */
  static final class DeadLetterConfig {

    private DeadLetterConfig() {}

    static DeadLetterMetrics metrics(Map<String, ?> configs) {
      Object metrics = configs.get(METRICS_CONFIG);
      if (metrics == null) {
        return DeadLetterMetrics.NONE;
      }
      if (!(metrics instanceof DeadLetterMetrics counting)) {
        throw new ConfigException(
            METRICS_CONFIG, metrics, "must be a " + DeadLetterMetrics.class.getName() + " object");
      }
      return counting;
    }

    static String requireTopic(Map<String, ?> configs) {
      Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
      if (topic == null || topic.toString().isBlank()) {
        throw new ConfigException(
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                + " must name the dead-letter topic, or undecodable records would be dropped");
      }
      return topic.toString();
    }
  }
}
