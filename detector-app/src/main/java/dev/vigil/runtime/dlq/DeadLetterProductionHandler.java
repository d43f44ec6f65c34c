package dev.vigil.runtime.dlq;

import dev.vigil.detector.topology.DeadLetterHeaders;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's {@code production.exception.handler}, for output records (alerts, revocation commands,
 * dead letters, changelog and repartition records) that cannot be written. It never fails the
 * stream thread over a record: the thread would be replaced, read the same record again and fail
 * the same way, and detection would stop for every identity of its tasks.
 *
 * <ul>
 *   <li>An output record that cannot be <b>serialized</b> would fail the same way on every retry:
 *       the source record's bytes go to the dead-letter topic (same headers as {@link
 *       DeadLetterHandler}) and the stream goes on.
 *   <li>Unless the serializer failed because the <b>Schema Registry is unavailable</b>: then FAIL,
 *       so the thread is replaced after a backoff and the record processed again (nothing lost; the
 *       loop ends when the registry answers, which is why this one case may fail).
 *   <li>A <b>retriable</b> send error (leader moved, not enough replicas, timeout) is retried.
 *   <li>A write the <b>broker refused</b> for the record itself (its timestamp outside {@code
 *       message.timestamp.after.max.ms} / {@code before.max.ms}, too large, invalid) is a dead
 *       letter: the refused record's bytes and headers, where it was going, and the broker's answer
 *       ({@link DeadLetterRecords#refused}), written by {@link RefusedWrites} (not handed back to
 *       Streams, which would send it from the producer's own network thread); the handler answers
 *       RESUME. Under at-least-once the stream goes on past the record. Under exactly-once the
 *       refused batch has already doomed the transaction (Kafka's producer aborts it whatever a
 *       handler answers), so the task retries from its last commit and is refused again until the
 *       cause is fixed: that is why Vigil never writes a record with a timestamp the broker could
 *       refuse ({@code dev.vigil.detector.topology.EventTimeBounds}). A dead letter the broker
 *       refuses in turn is logged and dropped, never dead-lettered again.
 * </ul>
 *
 * <p>Kafka Streams treats some send errors as fatal before asking any handler (authorization,
 * authentication, an invalid topic): those are operator errors no retry can fix, and stop the app.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

  private final RefusedWrites given;
  private DeadLetterMetrics metrics = DeadLetterMetrics.NONE;
  private String deadLetterTopic;
  private Map<String, ?> configs = Map.of();

  public DeadLetterProductionHandler() {
    this(null);
  }

  /** For tests: refused writes go to {@code refusedWrites} instead of the shared writer. */
  DeadLetterProductionHandler(RefusedWrites refusedWrites) {
    this.given = refusedWrites;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = DeadLetterHandler.DeadLetterConfig.metrics(configs);
    deadLetterTopic = DeadLetterHandler.DeadLetterConfig.requireTopic(configs);
    this.configs = new java.util.HashMap<>(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    try {
      if (deadLetterTopic.equals(record.topic())) {
        log.error(
            "The broker refused a dead letter for {}: {}; it is dropped (the record's reason"
                + " was: {})",
            record.topic(),
            exception.toString(),
            reasonOf(record));
        return Response.resume();
      }
      ProducerRecord<byte[], byte[]> letter =
          DeadLetterRecords.refused(deadLetterTopic, record, exception);
      if (refusedWrites().publish(record, letter)) {
        // Counted under the topic the write was for: a refusal arrives in a producer callback,
        // when the task may already be at another source record.
        metrics.deadLettered(record.topic());
        log.error(
            "The broker refused a record for {}: {}; dead-lettered to {}",
            record.topic(),
            exception.toString(),
            deadLetterTopic);
      }
      return Response.resume();
    } catch (RuntimeException e) {
      log.error("Cannot dead-letter a record refused for {}; it is dropped", record.topic(), e);
      return Response.resume();
    }
  }

  private RefusedWrites refusedWrites() {
    return given != null ? given : RefusedWrites.shared(configs);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    if (RegistryOutage.isOutage(exception)) {
      log.warn(
          "Schema Registry unavailable while writing to {}: {}; the source record will be processed"
              + " again",
          record.topic(),
          exception.toString());
      return Response.fail();
    }
    try {
      List<ProducerRecord<byte[], byte[]>> deadLetters =
          List.of(DeadLetterRecords.ofSource(deadLetterTopic, context, exception));
      log.warn(
          "Cannot serialize the {} for {} (from {}-{} offset {}): {}; source record dead-lettered",
          origin == SerializationExceptionOrigin.KEY ? "key" : "value",
          record.topic(),
          context.topic(),
          context.partition(),
          context.offset(),
          exception.toString());
      DeadLetterRecords.count(context, deadLetters, metrics);
      return Response.resume(deadLetters);
    } catch (RuntimeException e) {
      log.error("Cannot dead-letter a record for {}; it is dropped", record.topic(), e);
      return Response.resume();
    }
  }

  private static String reasonOf(ProducerRecord<byte[], byte[]> record) {
    String reason = DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.REASON);
    return reason == null ? "unknown" : reason;
  }
}
