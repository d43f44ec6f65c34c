package dev.vigil.runtime.dlq;

import dev.vigil.detector.topology.DeadLetterHeaders;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Vigil handler does to the dead-letter records Kafka Streams built for it: add the
 * one-line reason header, count them per source topic, and log where each one went.
 */
final class DeadLetterRecords {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

  private DeadLetterRecords() {}

  static void stamp(
      ErrorHandlerContext context,
      List<ProducerRecord<byte[], byte[]>> deadLetters,
      Exception exception,
      DeadLetterMetrics metrics) {
    for (ProducerRecord<byte[], byte[]> deadLetter : deadLetters) {
      DeadLetterHeaders.addReason(deadLetter.headers(), exception);
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
}
