package dev.vigil.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Keeps Kafka's advice about its own future defaults off the console: Kafka logs it at WARN on
 * every start although nothing is wrong, and an operator who learns to skip a warning skips the
 * next real one too. Each hint is matched by its logger and the exact start of its message, so any
 * other warning of the same logger still shows; with {@code --verbose} (Kafka's noise level at
 * INFO, see logback.xml) the hints show as well.
 */
public final class KafkaHintFilter extends TurboFilter {

  /** A hint: the logger that writes it and how its message begins. */
  private record Hint(String logger, String messageStart) {}

  private static final List<Hint> HINTS =
      List.of(
          // Until Kafka 5.0 makes it the default, processing.exception.handler does not cover the
          // global thread. Vigil's only global table holds the rule packs, and a pack it cannot
          // load is refused by Vigil itself (vigil_rules_rejected_total), the previous one kept.
          new Hint(
              "org.apache.kafka.streams.StreamsConfig",
              "Processing exception handler is not enabled for the GlobalThread"));

  private Level shownFrom = Level.ERROR;

  /** The level from which Kafka's noise shows (logback.xml: {@code KAFKA_NOISE_LEVEL}). */
  public void setShownFrom(String level) {
    this.shownFrom = Level.toLevel(level, Level.ERROR);
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || logger == null || Level.INFO.isGreaterOrEqual(shownFrom)) {
      return FilterReply.NEUTRAL;
    }
    for (Hint hint : HINTS) {
      if (logger.getName().equals(hint.logger()) && format.startsWith(hint.messageStart())) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
