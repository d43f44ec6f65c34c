package dev.vigil.detector.topology;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.ObservedEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Judges each input event once, before any re-keying: an event dated more than the bounds allow
 * ahead of the wall clock is counted and dead-lettered as a future event; an event older than its
 * partition's time minus the grace period is late (counted, then dead-lettered); every other event
 * is admitted and counted in, and counted as ahead too when it is dated beyond the tolerated clock
 * skew (see {@link EventTimeBounds}).
 *
 * <p>Lateness is judged against the newest record time of the event's own input partition, not
 * against the task's stream time, which is the newest over both input topics. The two topics are
 * written by different producers (an identity provider's log, a gateway's), and one that delivers a
 * few minutes after the other would otherwise have every event judged late and never judged at all;
 * even with producers in step, a fetch of one topic that lands before the other's could put honest
 * events of the other beyond the grace. Within a partition "late" keeps its meaning: out of order
 * by more than the grace. Detectors already take events out of order across the two topics (a
 * completion arriving after a later use judges that use again).
 *
 * <p>The partition times live in this processor, not in a store, so after a restart or a rebalance
 * a partition's time is not known until its first record. That record is judged against the task's
 * stream time, which Kafka Streams restores from its commits, so a restart never lets a far-past
 * event through; its time then starts the partition's. The cost: after a restart, a topic running
 * more than the grace behind the other loses its first event.
 */
final class IntakeProcessor implements FixedKeyProcessor<String, ObservedEvent, Admitted> {

  private final long graceMs;
  private final EventTimeBounds bounds;
  private final DetectionMetrics metrics;
  private FixedKeyProcessorContext<String, Admitted> context;

  /**
   * The newest record time of each input partition of this task, by topic: a task reads one
   * partition of each input topic, so the topic names the partition.
   */
  private final Map<String, Long> partitionTimes = new HashMap<>();

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
    Optional<RecordMetadata> source = context.recordMetadata();
    long streamTime = partitionTime(source, record.timestamp());
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
    int partition = source.map(RecordMetadata::partition).orElse(-1);
    context.forward(record.withValue(new Admitted(event, verdict, streamTime, now, partition)));
  }

  /**
   * The time of the record's input partition, this record included, or the task's stream time for
   * the first record of a partition this processor sees (see the class comment). Its timestamp is
   * the one the timestamp extractor gave it, so it moves partition time exactly as it moves stream
   * time: never past the wall clock (see {@link EventTimeBounds}).
   */
  private long partitionTime(Optional<RecordMetadata> source, long recordTime) {
    if (source.isEmpty()) {
      return context.currentStreamTimeMs();
    }
    String topic = source.get().topic();
    Long known = partitionTimes.get(topic);
    long time = known == null ? recordTime : Math.max(known, recordTime);
    partitionTimes.put(topic, time);
    return known == null ? context.currentStreamTimeMs() : time;
  }
}
