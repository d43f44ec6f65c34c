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

  /**
   * A span the way rule packs write durations, to its two largest units: 34d5h, 1h30m, 10m, 30s.
   * Every duration a person reads in an alert goes through here, never {@code Duration.toString}.
   */
  public static String span(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long[] amounts = {
      seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60
    };
    String[] units = {"d", "h", "m", "s"};
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] > 0) {
        text.append(amounts[i]).append(units[i]);
        if (i + 1 < amounts.length && amounts[i + 1] > 0) {
          text.append(amounts[i + 1]).append(units[i + 1]);
        }
        return text.toString();
      }
    }
    return "0s";
  }

  public static String span(long millis) {
    return span(Duration.ofMillis(millis));
  }

  /** An instant to the second, ISO-8601 UTC. */
  public static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
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
