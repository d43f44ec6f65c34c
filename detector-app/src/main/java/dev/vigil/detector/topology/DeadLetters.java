package dev.vigil.detector.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * Marks an event the intake refused for the dead-letter topic with the {@link DeadLetterHeaders}
 * every dead letter carries: its reason {@link #LATE_EVENT} or {@link #FUTURE_EVENT}, where it came
 * from, and why in words.
 */
public final class DeadLetters {

  /** An event older than stream time minus the grace period. */
  public static final String LATE_EVENT = "late-event";

  /**
   * An event dated further ahead of the wall clock than any clock could be wrong by ({@code
   * vigil.event.time.max.ahead}).
   */
  public static final String FUTURE_EVENT = "future-event";

  private DeadLetters() {}

  static void markLate(
      Headers headers,
      String topic,
      Integer partition,
      Long offset,
      Instant eventTime,
      long streamTimeMs,
      Duration grace) {
    mark(
        headers,
        LATE_EVENT,
        topic,
        partition,
        offset,
        "event_time "
            + eventTime
            + " is more than the grace period "
            + grace
            + " behind stream time "
            + Instant.ofEpochMilli(streamTimeMs));
  }

  static void markFuture(
      Headers headers,
      String topic,
      Integer partition,
      Long offset,
      Instant eventTime,
      long wallClockMs,
      Duration maxAhead) {
    mark(
        headers,
        FUTURE_EVENT,
        topic,
        partition,
        offset,
        "event_time "
            + eventTime
            + " is more than "
            + maxAhead
            + " ahead of the wall clock "
            + Instant.ofEpochMilli(wallClockMs));
  }

  private static void mark(
      Headers headers,
      String reason,
      String topic,
      Integer partition,
      Long offset,
      String message) {
    for (String name :
        new String[] {
          DeadLetterHeaders.REASON,
          DeadLetterHeaders.MESSAGE,
          DeadLetterHeaders.TOPIC,
          DeadLetterHeaders.PARTITION,
          DeadLetterHeaders.OFFSET
        }) {
      headers.remove(name);
    }
    put(headers, DeadLetterHeaders.REASON, reason);
    put(headers, DeadLetterHeaders.TOPIC, topic);
    if (partition != null) {
      put(headers, DeadLetterHeaders.PARTITION, partition.toString());
    }
    if (offset != null) {
      put(headers, DeadLetterHeaders.OFFSET, offset.toString());
    }
    put(headers, DeadLetterHeaders.MESSAGE, message);
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
