package dev.vigil.tools.tail;

import dev.vigil.runtime.config.VigilConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What {@code vigil tail} can read, and the topic each one is on. */
public enum TailKind {
  ALERTS,
  REVOCATIONS,
  DLQ,
  /** Risk verdicts: JSON, one per identity at risk, a tombstone when one falls to none. */
  RISK;

  /**
   * The kind {@code name} names ({@code alerts}, {@code revocations}, {@code dlq}, {@code risk}).
   */
  public static Optional<TailKind> parse(String name) {
    return Arrays.stream(values())
        .filter(kind -> kind.label().equals(name.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /** {@code alerts|revocations|dlq|risk}, for messages. */
  public static String choices() {
    return Arrays.stream(values()).map(TailKind::label).collect(Collectors.joining("|"));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The configured topic of this kind. */
  public String topic(VigilConfig config) {
    return switch (this) {
      case ALERTS -> config.topics().alerts();
      case REVOCATIONS -> config.topics().revocations();
      case DLQ -> config.topics().deadLetters();
      case RISK -> config.topics().risk();
    };
  }
}
