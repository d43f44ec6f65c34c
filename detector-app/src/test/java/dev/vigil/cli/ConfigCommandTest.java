package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void optionsOverrideSetWhichOverridesEnvironmentWhichOverridesTheFile() throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(
        file,
        """
        kafka:
          bootstrap.servers: file:9092
          security.protocol: SSL
        vigil:
          http.port: 9500
          topic.alerts: file.alerts
        """);

    int exit =
        run(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "VIGIL_TOPIC_ALERTS", "env.alerts"),
            "config",
            "--config",
            file.toString(),
            "--set",
            "vigil.topic.alerts=set.alerts",
            "--set",
            "vigil.http.port=9600",
            "--http-port",
            "9700",
            "--observe-only");

    assertThat(exit).isZero();
    assertThat(out.toString().lines())
        .contains(
            "bootstrap.servers = env:9092 (env KAFKA_BOOTSTRAP_SERVERS)",
            "security.protocol = SSL (file " + file + ")",
            "vigil.topic.alerts = set.alerts (command line)",
            "vigil.http.port = 9700 (command line)",
            "vigil.observe.only = true (command line)",
            "processing.guarantee = exactly_once_v2 (default)");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void warningsGoToStandardError() {
    int exit = run(Map.of("KAFKA_MY_PLUGIN_SETTING", "1"), "config");

    assertThat(exit).isZero();
    assertThat(err.toString())
        .startsWith(
            "warning: environment variable KAFKA_MY_PLUGIN_SETTING sets 'my.plugin.setting'");
  }

  @Test
  void anUnknownVigilVariableExitsWithTwoAndADidYouMean() {
    int exit = run(Map.of("VIGIL_HTTPPORT", "1"), "config");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "vigil config: unknown environment variable VIGIL_HTTPPORT: not a Vigil setting"
                + " (did you mean VIGIL_HTTP_PORT?)"
                + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void credentialsNeverReachTheOutput() {
    int exit =
        run(
            Map.of("VIGIL_WEBHOOK_SECRET", "whsec-1"),
            "config",
            "--schema-registry-url",
            "https://vigil:s3cret@registry:8081",
            "--set",
            "ssl.key.password=kpw-2",
            "--set",
            "sasl.oauthbearer.assertion.private.key.passphrase=pp-3");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("vigil.schema.registry.url = https://****@registry:8081 (command line)")
        .doesNotContain("s3cret", "whsec-1", "kpw-2", "pp-3");
  }

  @Test
  void anInvalidSettingExitsWithTwoAndNamesIt() {
    int exit = run(Map.of(), "config", "--set", "vigil.grace=later");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "vigil config: vigil.grace = 'later' (from command line) is not a duration"
                + " (write e.g. 500ms, 30s, 10m, 24h, 7d, 1h30m or PT10M)"
                + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  private int run(Map<String, String> environment, String... args) {
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    ConfigCommand config = cli.getSubcommands().get("config").getCommand();
    config.options.environment = () -> environment;
    return cli.execute(args);
  }
}
