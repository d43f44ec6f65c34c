package dev.vigil.detector.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/** The headers Vigil puts on a record it sends to the dead-letter topic. */
public final class DeadLetters {

  /** Why the record is here, e.g. {@link #LATE_EVENT}. */
  public static final String REASON = "vigil.dlq.reason";
  /** The topic the record was read from. */
  public static final String SOURCE_TOPIC = "vigil.dlq.topic";
  /** A sentence with the particulars. */
  public static final String DETAIL = "vigil.dlq.detail";

  /** An event older than stream time minus the grace period. */
  public static final String LATE_EVENT = "late-event";

  private DeadLetters() {}

  static void markLate(Headers headers, String sourceTopic, Instant eventTime, long streamTimeMs, Duration grace) {
    headers.remove(REASON).remove(SOURCE_TOPIC).remove(DETAIL);
    headers.add(REASON, LATE_EVENT.getBytes(StandardCharsets.UTF_8));
    headers.add(SOURCE_TOPIC, sourceTopic.getBytes(StandardCharsets.UTF_8));
    String detail =
        "event_time "
            + eventTime
            + " is more than the grace period "
            + grace
            + " behind stream time "
            + Instant.ofEpochMilli(streamTimeMs);
    headers.add(DETAIL, detail.getBytes(StandardCharsets.UTF_8));
  }
}
