package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

/**
 * The shipped logback.xml as the command line sets it up: dated, zoned text lines by default, one
 * JSON object a line with --log-format json, and Kafka's INFO lines and start-up hints only with
 * --verbose.
 */
class LogSettingsTest {

  private final PrintStream realErr = System.err;

  @AfterEach
  void restore() {
    System.setErr(realErr);
    System.clearProperty(LogSettings.FORMAT_PROPERTY);
    System.clearProperty(LogSettings.KAFKA_LEVEL_PROPERTY);
    System.clearProperty(LogSettings.KAFKA_NOISE_LEVEL_PROPERTY);
  }

  @Test
  void textLinesCarryDateAndZoneAndKafkaInfoStaysBelow() throws Exception {
    String log = logWith(new String[] {"demo"});

    assertThat(log)
        .containsPattern(
            "(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO  dev\\.vigil\\.Probe - vigil line$")
        .doesNotContain("kafka info line")
        .contains("kafka warning line");
  }

  @Test
  void kafkasGlobalThreadHintStaysBelowButItsOtherWarningsShow() throws Exception {
    String log = logWith(new String[] {"run"});

    assertThat(log)
        .doesNotContain("not enabled for the GlobalThread")
        .contains("another StreamsConfig warning");
  }

  @Test
  void topicsNotReadyYetStayBelowButOtherMetadataErrorsShow() throws Exception {
    String log = logWith(new String[] {"run"});

    assertThat(log)
        .doesNotContain("correlation id 2")
        .doesNotContain("correlation id 7")
        .doesNotContain("on partition identity.auth-events-0")
        .doesNotContain("already been closed")
        .contains("correlation id 3")
        .contains("correlation id 8");
  }

  @Test
  void verboseShowsTheNoticesToo() throws Exception {
    assertThat(logWith(new String[] {"run", "--verbose"}))
        .contains("correlation id 2")
        .contains("correlation id 7")
        .contains("already been closed");
  }

  @Test
  void verboseShowsTheHint() throws Exception {
    assertThat(logWith(new String[] {"run", "--verbose"}))
        .contains("not enabled for the GlobalThread")
        .contains("another StreamsConfig warning");
  }

  @Test
  void jsonFormatWritesOneObjectPerLine() throws Exception {
    String log = logWith(new String[] {"--log-format", "json", "demo"});

    JsonNode line = new ObjectMapper().readTree(log.lines().findFirst().orElseThrow());
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("message").asText()).isEqualTo("vigil line");
    assertThat(line.path("loggerName").asText()).isEqualTo("dev.vigil.Probe");
  }

  @Test
  void verboseLetsKafkaSpeak() throws Exception {
    assertThat(logWith(new String[] {"demo", "--verbose"})).contains("kafka info line");
  }

  @Test
  void theOptionsParseOnAnyCommand() {
    assertThat(
            VigilCli.commandLine()
                .parseArgs("--log-format", "json", "rules", "validate", "--verbose", "--default")
                .hasSubcommand())
        .isTrue();
  }

  private String logWith(String[] args) throws Exception {
    LogSettings.apply(args);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    context.getLogger("dev.vigil.Probe").info("vigil line");
    context.getLogger("org.apache.kafka.clients.Metadata").info("kafka info line");
    context.getLogger("org.apache.kafka.clients.Metadata").warn("kafka warning line");
    // Kafka's own words (StreamsConfig, 4.4), and a warning of the same logger that must show.
    context
        .getLogger("org.apache.kafka.streams.StreamsConfig")
        .warn(
            "Processing exception handler is not enabled for the GlobalThread. It's recommended to"
                + " set `processing.exception.handler.global.enabled` to true to enable it.");
    context
        .getLogger("org.apache.kafka.streams.StreamsConfig")
        .warn("another StreamsConfig warning");
    // Kafka's own formats (4.4) with the values a topic still being created carries, and the same
    // formats with errors that must show.
    Logger network = context.getLogger("org.apache.kafka.clients.NetworkClient");
    String metadata =
        "[Consumer clientId=c] The metadata response from the cluster reported a recoverable issue"
            + " with correlation id {} : {}";
    network.warn(
        metadata,
        2,
        Map.of(
            "a-repartition", Errors.UNKNOWN_TOPIC_OR_PARTITION,
            "b-repartition", Errors.LEADER_NOT_AVAILABLE));
    network.warn(
        metadata,
        3,
        Map.of(
            "a-repartition",
            Errors.UNKNOWN_TOPIC_OR_PARTITION,
            "identity.alerts",
            Errors.TOPIC_AUTHORIZATION_FAILED));
    network.warn(
        "[NodeToControllerChannelManager id=1] Attempting to close NetworkClient that has"
            + " already been closed.");
    Logger sender = context.getLogger("org.apache.kafka.clients.producer.internals.Sender");
    String produceError =
        "[Producer clientId=p] Got error produce response with correlation id {} on"
            + " topic-partition {}, retrying ({} attempts left). Error: {}";
    // Kafka's LogContext formats the message itself and logs it with no values.
    sender.warn(
        MessageFormatter.arrayFormat(
                produceError,
                new Object[] {7, "identity.auth-events-0", 5, Errors.NOT_LEADER_OR_FOLLOWER})
            .getMessage());
    sender.warn(produceError, 8, "identity.auth-events-0", 5, Errors.KAFKA_STORAGE_ERROR);
    sender.warn(
        "[Producer clientId=p] Received invalid metadata error in produce request on partition {}"
            + " due to {} Going to request metadata update now",
        "identity.auth-events-0",
        new NotLeaderOrFollowerException("not the leader").toString());
    context.stop();
    return captured.toString(StandardCharsets.UTF_8);
  }
}
