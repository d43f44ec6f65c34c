package dev.vigil.rules.pack;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as rule packs write them: one or more number-unit pairs ({@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 24h}, {@code 7d}, {@code 1h30m}) as in Sigma's {@code timespan} and Falco, or
 * ISO-8601 ({@code PT10M}, {@code P7D}). A bare number is refused: its unit would be a guess.
 *
 * <p>The one duration grammar of Vigil: rule packs, the configuration and every command-line option
 * read durations through this class, so a duration accepted in one place is accepted in all.
 */
public final class DurationText {

  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");

  private DurationText() {}

  /** The duration written in {@code text}, or null when it is not one. */
  public static Duration parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (WHOLE.matcher(s).matches()) {
      Duration total = Duration.ZERO;
      Matcher m = PART.matcher(s);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  default -> Duration.ofDays(n);
                });
      }
      return total;
    }
    if (s.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * The duration written in {@code text}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms when it is not one
   */
  public static Duration require(String text) {
    Duration duration = parse(text);
    if (duration == null) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; " + FORMS);
    }
    return duration;
  }

  /** The accepted forms, for error messages. */
  public static final String FORMS = "write e.g. 500ms, 30s, 10m, 24h, 7d, 1h30m or PT10M";

  /** The shortest pack form of {@code d}, e.g. {@code 10m}, {@code 1h30m}, {@code 7d}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      sb.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      sb.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      sb.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      sb.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      sb.append(d.toMillisPart()).append("ms");
    }
    return sb.toString();
  }
}
