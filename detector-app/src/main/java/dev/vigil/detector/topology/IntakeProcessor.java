package dev.vigil.detector.topology;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.ObservedEvent;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Judges each input event once, before any re-keying: an event dated more than the bounds allow
 * ahead of the wall clock is counted and dead-lettered as a future event; an event older than
 * stream time minus the grace period is late (counted, then dead-lettered); every other event is
 * admitted and counted in, and counted as ahead too when it is dated beyond the tolerated clock
 * skew (see {@link EventTimeBounds}).
 */
final class IntakeProcessor implements FixedKeyProcessor<String, ObservedEvent, Admitted> {

  private final long graceMs;
  private final EventTimeBounds bounds;
  private final DetectionMetrics metrics;
  private FixedKeyProcessorContext<String, Admitted> context;

  IntakeProcessor(Duration grace, EventTimeBounds bounds, DetectionMetrics metrics) {
    this.graceMs = grace.toMillis();
    this.bounds = bounds;
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
    long now = bounds.nowMs();
    long eventTime = event.eventTime().toEpochMilli();
    Admitted.Verdict verdict;
    switch (bounds.judge(eventTime, now)) {
      case TOO_FAR_AHEAD -> {
        metrics.futureEvent(type, true);
        verdict = Admitted.Verdict.FUTURE;
      }
      case AHEAD -> {
        metrics.futureEvent(type, false);
        metrics.eventIn(type);
        verdict = Admitted.Verdict.JUDGED;
      }
      default -> {
        // Not streamTime - eventTime > grace: that overflows for an event time near
        // Long.MIN_VALUE, and such an event would pass as on time.
        if (eventTime < streamTime - graceMs) {
          metrics.lateEvent(type);
          verdict = Admitted.Verdict.LATE;
        } else {
          metrics.eventIn(type);
          verdict = Admitted.Verdict.JUDGED;
        }
      }
    }
    int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
    context.forward(record.withValue(new Admitted(event, verdict, streamTime, now, partition)));
  }
}
