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
  /**
   * Risk records: no detector writes them yet; read generically (any Avro schema in the wire
   * format) from {@code vigil.topic.risk} when that setting exists, else {@link #RISK_TOPIC}.
   */
  RISK;

  /** The default name of the risk topic. */
  public static final String RISK_TOPIC = "identity.risk";

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
      case RISK -> config.get("vigil.topic.risk").orElse(RISK_TOPIC);
    };
  }
}
