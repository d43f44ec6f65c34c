package dev.vigil.detector.topology;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Makes an event's {@code event_time} its record timestamp, so stream time, windows and grace all
 * run on event time. A record that is not an event (a tombstone) keeps the partition's time.
 */
public final class EventTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Object value = record.value();
    if (value instanceof AuthEvent auth && auth.getEventTime() != null) {
      return auth.getEventTime().toEpochMilli();
    }
    if (value instanceof TokenUseEvent use && use.getEventTime() != null) {
      return use.getEventTime().toEpochMilli();
    }
    return partitionTime >= 0 ? partitionTime : record.timestamp();
  }
}
