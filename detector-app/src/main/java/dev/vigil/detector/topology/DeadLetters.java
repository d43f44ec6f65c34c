package dev.vigil.detector.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * Marks a late event for the dead-letter topic with the {@link DeadLetterHeaders} every dead letter
 * carries, its reason {@link #LATE_EVENT}.
 */
public final class DeadLetters {

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
    put(headers, DeadLetterHeaders.REASON, LATE_EVENT);
    put(headers, DeadLetterHeaders.TOPIC, topic);
    if (partition != null) {
      put(headers, DeadLetterHeaders.PARTITION, partition.toString());
    }
    if (offset != null) {
      put(headers, DeadLetterHeaders.OFFSET, offset.toString());
    }
    put(
        headers,
        DeadLetterHeaders.MESSAGE,
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
