package dev.vigil.deploy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series names a {@code /metrics} scrape (Prometheus text 0.0.4 or OpenMetrics) makes available
 * to queries: every sample name, plus the names a declared family ({@code # TYPE}) will have once
 * it has samples, by the suffix rules of its type — a counter family {@code x} is queried as {@code
 * x_total}, a histogram {@code x} as {@code x_bucket}, {@code x_count} and {@code x_sum}, a summary
 * {@code x} as {@code x}, {@code x_count} and {@code x_sum}. A query for the bare family name of a
 * counter or histogram is therefore not satisfied: Prometheus stores no such series.
 */
public final class MetricsExposition {

  private static final Pattern SAMPLE_NAME =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?=[\\s{])");
  private static final Pattern QUOTED_SAMPLE_NAME =
      Pattern.compile("^\\{\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Set<String> sampleNames;
  private final Map<String, String> familyTypes;

  private MetricsExposition(Set<String> sampleNames, Map<String, String> familyTypes) {
    this.sampleNames = sampleNames;
    this.familyTypes = familyTypes;
  }

  /**
   * Reads a scrape.
   *
   * @throws IllegalArgumentException naming the line when a line is neither a comment nor a sample
   *     (e.g. an HTML error page was passed instead of the metrics)
   */
  public static MetricsExposition parse(String text) {
    Set<String> samples = new HashSet<>();
    Map<String, String> types = new HashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] parts = line.split("\\s+");
        if (parts.length >= 4 && parts[1].equals("TYPE")) {
          types.put(parts[2], parts[3]);
        }
        continue;
      }
      Matcher plain = SAMPLE_NAME.matcher(line);
      Matcher quoted = QUOTED_SAMPLE_NAME.matcher(line);
      if (plain.find()) {
        samples.add(plain.group(1));
      } else if (quoted.find()) {
        samples.add(quoted.group(1));
      } else {
        throw new IllegalArgumentException(
            "line "
                + (i + 1)
                + " is not a Prometheus sample or comment: '"
                + abbreviate(line)
                + "'");
      }
    }
    if (samples.isEmpty() && types.isEmpty()) {
      throw new IllegalArgumentException("no metrics in the text: is it a /metrics scrape?");
    }
    return new MetricsExposition(samples, types);
  }

  /** Whether a query for {@code series} finds (or, for a declared family, will find) data. */
  public boolean exposes(String series) {
    if (sampleNames.contains(series)) {
      return true;
    }
    for (Map.Entry<String, String> family : familyTypes.entrySet()) {
      if (seriesOf(family.getKey(), family.getValue()).contains(series)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> seriesOf(String family, String type) {
    return switch (type) {
      case "counter" ->
          family.endsWith("_total")
              ? Set.of(
                  family, family.substring(0, family.length() - "_total".length()) + "_created")
              : Set.of(family + "_total", family + "_created");
      case "histogram" ->
          Set.of(family + "_bucket", family + "_count", family + "_sum", family + "_created");
      case "gaugehistogram" -> Set.of(family + "_bucket", family + "_gcount", family + "_gsum");
      case "summary" -> Set.of(family, family + "_count", family + "_sum", family + "_created");
      case "info" -> Set.of(family + "_info");
      default -> Set.of(family);
    };
  }

  private static String abbreviate(String line) {
    return line.length() > 80 ? line.substring(0, 80) + "..." : line;
  }
}
