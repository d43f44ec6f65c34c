package dev.vigil.detector;

import dev.vigil.events.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How findings print times, spans and sources for an analyst, the same in every detection. */
public final class FindingWording {

  private FindingWording() {}

  /** A span in its largest whole unit, the way rule packs write durations: 34d, 5h, 10m, 30s. */
  public static String span(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds >= 86_400) {
      return seconds / 86_400 + "d";
    }
    if (seconds >= 3_600) {
      return seconds / 3_600 + "h";
    }
    if (seconds >= 60) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  public static String span(long millis) {
    return span(Duration.ofMillis(millis));
  }

  /** An event time to the second, ISO-8601 UTC. */
  public static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static String decimal(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /**
   * The source as the alert's {@code sources} entry: what is known of ip, ASN, country, workload.
   */
  public static List<String> sources(Source source) {
    List<String> parts = new ArrayList<>(4);
    if (source.getIp() != null) {
      parts.add(source.getIp());
    }
    if (source.getAsn() != null) {
      parts.add("AS" + source.getAsn());
    }
    if (source.getCountry() != null) {
      parts.add(source.getCountry());
    }
    if (source.getWorkloadId() != null) {
      parts.add(source.getWorkloadId());
    }
    return parts.isEmpty() ? List.of() : List.of(String.join(" ", parts));
  }
}
