package dev.vigil.runtime.dlq;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Vigil's {@code processing.exception.handler}: when a processor throws on one record, that
 * record's source bytes go to the dead-letter topic (same headers as {@link DeadLetterHandler}) and
 * the stream goes on, so one bad event cannot stop detection for everyone.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private final LogAndContinueProcessingExceptionHandler deadLetterWriter =
      new LogAndContinueProcessingExceptionHandler();
  private DeadLetterMetrics metrics = DeadLetterMetrics.NONE;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = DeadLetterHandler.DeadLetterConfig.metrics(configs);
    DeadLetterHandler.DeadLetterConfig.requireTopic(configs);
    deadLetterWriter.configure(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    Response written = deadLetterWriter.handleError(context, record, exception);
    List<ProducerRecord<byte[], byte[]>> deadLetters = written.deadLetterQueueRecords();
    DeadLetterRecords.stamp(context, deadLetters, exception, metrics);
    return Response.resume(deadLetters);
  }
}
