package dev.vigil.runtime.dlq;

import dev.vigil.detector.topology.DeadLetterHeaders;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's {@code production.exception.handler}, for output records (alerts, revocation commands)
 * that cannot be written.
 *
 * <ul>
 *   <li>An output record that cannot be <b>serialized</b> would fail the same way on every retry
 *       and block its partition: the source record's bytes go to the dead-letter topic (same
 *       headers as {@link DeadLetterHandler}) and the stream goes on.
 *   <li>Unless the serializer failed because the <b>Schema Registry is unavailable</b>: then FAIL,
 *       so the thread is replaced after a backoff and the record processed again (nothing lost).
 *   <li>Errors <b>sending</b> to the broker keep Kafka's default: retry the retriable ones, fail on
 *       the others (e.g. not authorized to write the alerts topic), which an operator must fix.
 * </ul>
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

  private final DefaultProductionExceptionHandler kafkaDefault =
      new DefaultProductionExceptionHandler();
  private DeadLetterMetrics metrics = DeadLetterMetrics.NONE;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = DeadLetterHandler.DeadLetterConfig.metrics(configs);
    DeadLetterHandler.DeadLetterConfig.requireTopic(configs);
    kafkaDefault.configure(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    return kafkaDefault.handleError(context, record, exception);
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
    // Kafka's default builds the dead letter from the source record but fails the thread; keep
    // its dead letter and go on instead.
    List<ProducerRecord<byte[], byte[]>> deadLetters =
        kafkaDefault
            .handleSerializationError(context, record, exception, origin)
            .deadLetterQueueRecords();
    for (ProducerRecord<byte[], byte[]> deadLetter : deadLetters) {
      DeadLetterHeaders.addReason(deadLetter.headers(), exception);
      metrics.deadLettered(context.topic());
    }
    log.warn(
        "Cannot serialize the {} for {} (from {}-{} offset {}): {}; source record dead-lettered",
        origin == SerializationExceptionOrigin.KEY ? "key" : "value",
        record.topic(),
        context.topic(),
        context.partition(),
        context.offset(),
        exception.toString());
    return Response.resume(deadLetters);
  }
}
