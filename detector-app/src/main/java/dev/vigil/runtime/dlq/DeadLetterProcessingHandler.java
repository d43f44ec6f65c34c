package dev.vigil.runtime.dlq;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's {@code processing.exception.handler}: when a processor throws on one record, that
 * record's source bytes go to the dead-letter topic (same headers as {@link DeadLetterHandler}) and
 * the stream goes on, so one bad event cannot stop detection for everyone.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

  private DeadLetterMetrics metrics = DeadLetterMetrics.NONE;
  private String deadLetterTopic;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = DeadLetterHandler.DeadLetterConfig.metrics(configs);
    deadLetterTopic = DeadLetterHandler.DeadLetterConfig.requireTopic(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    log.warn(
        "Processor {} failed on {}-{} offset {}: {}",
        context.processorNodeId(),
        context.topic(),
        context.partition(),
        context.offset(),
        exception.toString(),
        exception);
    List<ProducerRecord<byte[], byte[]>> deadLetters =
        List.of(DeadLetterRecords.ofSource(deadLetterTopic, context, exception));
    DeadLetterRecords.count(context, deadLetters, metrics);
    return Response.resume(deadLetters);
  }
}
