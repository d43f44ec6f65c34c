package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class KafkaHintFilterTest {

  private final LoggerContext context = new LoggerContext();
  private final KafkaHintFilter filter = new KafkaHintFilter();
  private final Logger sender =
      context.getLogger("org.apache.kafka.clients.producer.internals.Sender");

  private FilterReply decide(Logger logger, Level level, String format, Object... params) {
    return filter.decide(null, logger, level, format, params, null);
  }

  /** A producer's retriable produce error as Kafka's Sender logs it, at WARN, to {@code logger}. */
  private FilterReply produceError(Logger logger, String errorCode) {
    return decide(
        logger,
        Level.WARN,
        "[Producer clientId=p] Got error produce response with correlation id {} on topic-partition"
            + " {}, retrying. Error: {}",
        7,
        "t-0",
        errorCode);
  }

  @Test
  void hidesAProducersRetriableErrorOnATopicNotReadyYetAndShowsAnyOther() {
    assertThat(produceError(sender, "LEADER_NOT_AVAILABLE")).isEqualTo(FilterReply.DENY);
    assertThat(produceError(sender, "MESSAGE_TOO_LARGE")).isEqualTo(FilterReply.NEUTRAL);
    assertThat(produceError(context.getLogger("other"), "LEADER_NOT_AVAILABLE"))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void leavesTraceAndDebugLinesAndVerboseRunsAlone() {
    String notice = "Attempting to close NetworkClient that has already been closed.";
    Logger networkClient = context.getLogger("org.apache.kafka.clients.NetworkClient");

    assertThat(decide(networkClient, Level.WARN, notice)).isEqualTo(FilterReply.DENY);
    assertThat(decide(networkClient, Level.TRACE, notice)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(networkClient, Level.DEBUG, notice)).isEqualTo(FilterReply.NEUTRAL);

    filter.setShownFrom("INFO"); // --verbose
    assertThat(decide(networkClient, Level.WARN, notice)).isEqualTo(FilterReply.NEUTRAL);
  }
}
