package dev.vigil.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps Kafka's start-up notices off the console: its advice about its own future defaults, and the
 * retriable metadata errors every client logs at WARN while a topic it was just told about is still
 * being created or is electing its first leader. An operator who learns to skip a warning skips the
 * next real one too. Each notice is matched by its logger, a fragment of its message and, for the
 * metadata errors, the error codes it carries: only the codes of a topic not ready yet, which the
 * client retries on its own. A topic that never appears still says so (Vigil checks its topics
 * before it starts, and a produce that keeps failing ends in a timeout logged as an error); any
 * other warning of the same loggers shows. With {@code --verbose} (Kafka's noise level at INFO, see
 * logback.xml) all of them show.
 */
public final class KafkaHintFilter extends TurboFilter {

  /** Error codes of a topic that exists but is not ready yet, or is not known to the broker yet. */
  private static final Set<String> NOT_READY_YET =
      Set.of("UNKNOWN_TOPIC_OR_PARTITION", "LEADER_NOT_AVAILABLE", "NOT_LEADER_OR_FOLLOWER");

  /** The exceptions Kafka's clients name for the same states. */
  private static final Set<String> NOT_READY_YET_EXCEPTIONS =
      Set.of(
          "UnknownTopicOrPartitionException",
          "LeaderNotAvailableException",
          "NotLeaderOrFollowerException");

  /** {@code topic=ERROR_CODE} in a metadata notice's map of errors. */
  private static final Pattern TOPIC_ERROR = Pattern.compile("[^{}=, ]+=([A-Z_]+)");

  /**
   * A notice: the logger that writes it, a fragment of its message, and what the whole message
   * (Kafka's clients format it themselves before logging, prefix and values included) must say.
   */
  private record Notice(String logger, String messageFragment, Predicate<String> message) {

    boolean matches(Logger candidate, String format, Object[] params) {
      if (!candidate.getName().equals(logger) || !format.contains(messageFragment)) {
        return false;
      }
      String whole =
          params == null || params.length == 0
              ? format
              : MessageFormatter.arrayFormat(format, params).getMessage();
      return message.test(whole);
    }
  }

  private static final List<Notice> NOTICES =
      List.of(
          // Until Kafka 5.0 makes it the default, processing.exception.handler does not cover the
          // global thread. Vigil's only global table holds the rule packs, and a pack it cannot
          // load is refused by Vigil itself (vigil_rules_rejected_total), the previous one kept.
          new Notice(
              "org.apache.kafka.streams.StreamsConfig",
              "Processing exception handler is not enabled for the GlobalThread",
              message -> true),
          // Kafka Streams creates its repartition topics after its consumer first asks for them.
          new Notice(
              "org.apache.kafka.clients.NetworkClient",
              "The metadata response from the cluster reported a recoverable issue",
              KafkaHintFilter::everyTopicNotReadyYet),
          // A producer's first records to a topic created a moment before.
          new Notice(
              "org.apache.kafka.clients.producer.internals.Sender",
              "Got error produce response with correlation id",
              message ->
                  NOT_READY_YET.contains(message.substring(message.lastIndexOf(' ') + 1).strip())),
          new Notice(
              "org.apache.kafka.clients.producer.internals.Sender",
              "Received invalid metadata error in produce request",
              message -> NOT_READY_YET_EXCEPTIONS.stream().anyMatch(message::contains)),
          // The embedded broker's controller channel, closed twice on the way down.
          new Notice(
              "org.apache.kafka.clients.NetworkClient",
              "Attempting to close NetworkClient that has already been closed",
              message -> true));

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
    if (level != null && level.toInt() < Level.INFO_INT) {
      // Every notice is logged at INFO or above; Kafka Streams asks for its trace lines on every
      // record it processes, and this filter runs before the level is checked.
      return FilterReply.NEUTRAL;
    }
    for (Notice notice : NOTICES) {
      if (notice.matches(logger, format, params)) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }

  /** Whether a metadata notice names errors, and each says only that a topic is not ready yet. */
  private static boolean everyTopicNotReadyYet(String message) {
    Matcher errors = TOPIC_ERROR.matcher(message.substring(message.lastIndexOf('{') + 1));
    boolean anyError = false;
    while (errors.find()) {
      if (!NOT_READY_YET.contains(errors.group(1))) {
        return false;
      }
      anyError = true;
    }
    return anyError;
  }
}
