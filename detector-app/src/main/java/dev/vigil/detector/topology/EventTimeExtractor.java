package dev.vigil.detector.topology;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Makes an event's {@code event_time} its record timestamp, so stream time, windows and grace all
 * run on event time; within {@link EventTimeBounds}: an event dated ahead of the wall clock cannot
 * run stream time into the future (where every honest event would be late, and the broker would
 * refuse the changelog writes stamped with it), and one dated before 1970 is not silently dropped.
 * A record that is not an event (a tombstone) keeps the partition's time.
 */
public final class EventTimeExtractor implements TimestampExtractor {

  private final EventTimeBounds bounds;

  /** Event time as written, except before 1970 (for replays of history). */
  public EventTimeExtractor() {
    this(EventTimeBounds.NONE);
  }

  public EventTimeExtractor(EventTimeBounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Instant eventTime = eventTime(record.value());
    if (eventTime != null) {
      return bounds.streamTimestamp(eventTime.toEpochMilli(), partitionTime);
    }
    return partitionTime >= 0 ? partitionTime : Math.max(record.timestamp(), 0);
  }

  private static Instant eventTime(Object value) {
    if (value instanceof AuthEvent auth) {
      return auth.getEventTime();
    }
    if (value instanceof TokenUseEvent use) {
      return use.getEventTime();
    }
    return null;
  }
}
