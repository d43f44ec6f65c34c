package dev.vigil.adapters.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Reads the timestamps vendors write: ISO-8601 with {@code Z} or an offset and any fraction
 * (CloudTrail, Kubernetes, Vault, Okta, Entra), epoch milliseconds (GitHub), and the console-style
 * form CloudTrail uses inside {@code responseElements} ({@code "Jul 31, 2024, 8:07:33 PM"}, also
 * without the second comma), which AWS writes in UTC.
 */
public final class Times {

  private static final DateTimeFormatter AWS_CONSOLE =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("MMM d, yyyy[,] h:mm:ss a")
          .toFormatter(Locale.US);

  // Below this an epoch number is in seconds, not milliseconds (year 2001 in millis).
  private static final long MILLIS_THRESHOLD = 1_000_000_000_000L;
  private static final long MIN_EPOCH_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long MAX_EPOCH_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private Times() {}

  /** The instant at {@code path}; unmappable naming the path when absent or unreadable. */
  public static Instant required(JsonNode node, String... path) {
    JsonNode value = Json.at(node, path);
    if (value.isMissingNode() || value.isNull() || Json.text(value) == null) {
      throw MappingException.missing(String.join(".", path));
    }
    Instant instant = parse(value);
    if (instant == null) {
      throw MappingException.invalid(String.join(".", path));
    }
    return instant;
  }

  /** The instant at {@code path}, or null when absent or unreadable (optional fields). */
  public static Instant optional(JsonNode node, String... path) {
    return parse(Json.at(node, path));
  }

  /** Reads a timestamp node; null when it is not one. */
  public static Instant parse(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return fromEpoch(value.longValue());
    }
    if (value.isNumber()) {
      return fromEpoch((long) (value.doubleValue() * 1000) / 1000);
    }
    return value.isTextual() ? parse(value.textValue()) : null;
  }

  /**
   * Reads timestamp text; null when it is not one. Precision is cut to milliseconds, the contract's
   * ({@code timestamp-millis}), so an event compares equal before and after a trip through Avro.
   */
  public static Instant parse(String text) {
    Instant instant = parseFull(text);
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant parseFull(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.isEmpty()) {
      return null;
    }
    char first = t.charAt(0);
    if (first >= '0' && first <= '9') {
      if (t.indexOf('T') > 0 || t.indexOf('-') > 0) {
        return iso(t);
      }
      try {
        return fromEpoch(Long.parseLong(t));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      return LocalDateTime.parse(t, AWS_CONSOLE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant iso(String t) {
    Instant fast = utcFast(t);
    if (fast != null) {
      return fast;
    }
    try {
      if (t.endsWith("Z") || t.endsWith("z")) {
        return Instant.parse(t.endsWith("z") ? t.substring(0, t.length() - 1) + "Z" : t);
      }
      if (t.length() > 10 && (t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10)) {
        return OffsetDateTime.parse(t).toInstant();
      }
      // No zone: every vendor here writes UTC when it omits the zone.
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, the shape nearly every record has, without the general
   * parser (which dominated the mapping cost); anything else returns null for the general path.
   */
  private static Instant utcFast(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(n - 1) != 'Z'
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fractionDigits = n - 21;
      if (t.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int fraction = digits(t, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400L + hour * 3600L + minute * 60L + second, nanos);
  }

  private static int digits(String t, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * Epoch seconds or milliseconds; null outside years 0000-9999, the range of the ISO forms, so a
   * damaged number can neither overflow {@link Instant} nor the contract's epoch milliseconds.
   */
  private static Instant fromEpoch(long value) {
    long seconds = value < MILLIS_THRESHOLD ? value : Math.floorDiv(value, 1000L);
    if (seconds < MIN_EPOCH_SECOND || seconds > MAX_EPOCH_SECOND) {
      return null;
    }
    return value < MILLIS_THRESHOLD ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
  }
}
