package dev.vigil.detector.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * The headers Vigil puts on a late event it sends to the dead-letter topic. They follow the ones
 * Kafka Streams' dead-letter support writes ({@code __streams.errors.*}, KIP-1034) plus Vigil's
 * one-word {@link #REASON}, so one consumer reads every dead letter the same way.
 */
public final class DeadLetters {

  /** Why the record is here: {@link #LATE_EVENT} for events beyond the grace period. */
  public static final String REASON = "vigil.dlq.reason";

  /** A sentence with the particulars. */
  public static final String MESSAGE = "__streams.errors.message";

  /** Source topic, partition and offset of the record, as text. */
  public static final String TOPIC = "__streams.errors.topic";

  public static final String PARTITION = "__streams.errors.partition";
  public static final String OFFSET = "__streams.errors.offset";

  /** An event older than stream time minus the grace period. */
  public static final String LATE_EVENT = "late-event";

  private DeadLetters() {}

  static void markLate(
      Headers headers,
      String topic,
      Integer partition,
      Long offset,
      Instant eventTime,
      long streamTimeMs,
      Duration grace) {
    for (String name : new String[] {REASON, MESSAGE, TOPIC, PARTITION, OFFSET}) {
      headers.remove(name);
    }
    put(headers, REASON, LATE_EVENT);
    put(headers, TOPIC, topic);
    if (partition != null) {
      put(headers, PARTITION, partition.toString());
    }
    if (offset != null) {
      put(headers, OFFSET, offset.toString());
    }
    put(
        headers,
        MESSAGE,
        "event_time "
            + eventTime
            + " is more than the grace period "
            + grace
            + " behind stream time "
            + Instant.ofEpochMilli(streamTimeMs));
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
