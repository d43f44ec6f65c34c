package dev.vigil.detector.topology;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.ObservedEvent;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Judges each input event against stream time once, before any re-keying: an event older than
 * stream time minus the grace period is late (counted, then dead-lettered by the caller's branch);
 * every other event is admitted and counted in.
 */
final class IntakeProcessor implements FixedKeyProcessor<String, ObservedEvent, Admitted> {

  private final long graceMs;
  private final DetectionMetrics metrics;
  private FixedKeyProcessorContext<String, Admitted> context;

  IntakeProcessor(Duration grace, DetectionMetrics metrics) {
    this.graceMs = grace.toMillis();
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Admitted> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, ObservedEvent> record) {
    ObservedEvent event = record.value();
    if (event == null) {
      return;
    }
    String type = event.isAuth() ? "auth" : "token_use";
    long streamTime = context.currentStreamTimeMs();
    boolean late = streamTime - event.eventTime().toEpochMilli() > graceMs;
    if (late) {
      metrics.lateEvent(type);
    } else {
      metrics.eventIn(type);
    }
    int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
    context.forward(record.withValue(new Admitted(event, late, streamTime, partition)));
  }
}
