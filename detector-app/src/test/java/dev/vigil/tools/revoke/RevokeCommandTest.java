package dev.vigil.tools.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.cli.VigilCli;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RevokeCommandTest {

  private static final String[] REQUIRED = {
    "--bootstrap-servers",
    "kafka:9092",
    "--schema-registry-url",
    "http://schema-registry:8081",
    "--state-dir",
    "/tmp/vigil-revoke"
  };

  private static RevokeCommand parse(Map<String, String> env, String... extra) {
    RevokeCommand command = new RevokeCommand(env::get);
    String[] args = new String[REQUIRED.length + extra.length];
    System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
    System.arraycopy(extra, 0, args, REQUIRED.length, extra.length);
    VigilCli.conventions(new CommandLine(command)).parseArgs(args);
    command.options.environment = () -> env;
    return command;
  }

  @Test
  void isASubcommandOfVigil() {
    CommandLine vigil = VigilCli.commandLine();
    assertThat(vigil.getSubcommands()).containsKey("revoke");
    StringWriter usage = new StringWriter();
    vigil.getSubcommands().get("revoke").usage(new PrintWriter(usage));
    assertThat(usage.toString())
        .contains("--webhook-url", "--webhook-secret-env", "--state-dir", "--sink", "dry_run");
  }

  @Test
  void aWebhookUrlMakesASignedWebhookSinkWithTheSecretFromTheNamedVariable() {
    RevokeCommand command =
        parse(
            Map.of("IAM_HOOK_SECRET", "abc123"),
            "--webhook-url",
            "https://iam.example/revoke",
            "--webhook-secret-env",
            "IAM_HOOK_SECRET",
            "--sink",
            "log");

    assertThat(command.sinks()).extracting(RevocationSink::name).containsExactly("webhook", "log");
  }

  @Test
  void logOnlyNeedsNoSecret() {
    assertThat(parse(Map.of(), "--sink", "LOG").sinks())
        .extracting(RevocationSink::name)
        .containsExactly("log");
  }

  @Test
  void saysWhereTheWebhookSecretIsMissing() {
    RevokeCommand command = parse(Map.of(), "--webhook-url", "https://iam.example/revoke");

    assertThatThrownBy(command::sinks)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("the webhook secret is not set: set vigil.webhook.secret")
        .hasMessageContaining("VIGIL_WEBHOOK_SECRET");
    assertThatThrownBy(
            () ->
                parse(
                        Map.of(),
                        "--webhook-url",
                        "https://iam.example/revoke",
                        "--webhook-secret-env",
                        "IAM_HOOK_SECRET")
                    .sinks())
        .hasMessageContaining("environment variable IAM_HOOK_SECRET (--webhook-secret-env)");
  }

  @Test
  void theWebhookSecretComesFromTheConfigurationAndMayBeAMountedFile(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("webhook-secret"), "whsec-from-file");
    RevokeCommand fromFile =
        parse(
            Map.of("VIGIL_WEBHOOK_SECRET", "${dir:" + dir + ":webhook-secret}"),
            "--webhook-url",
            "https://iam.example/revoke");
    RevokeCommand fromSet =
        parse(
            Map.of(),
            "--webhook-url",
            "https://iam.example/revoke",
            "--set",
            "vigil.webhook.secret=${dir:" + dir + ":webhook-secret}");

    assertThat(fromFile.sinks()).extracting(RevocationSink::name).containsExactly("webhook");
    assertThat(fromSet.sinks()).extracting(RevocationSink::name).containsExactly("webhook");
  }

  @Test
  void aPlainHttpWebhookNeedsTheWaiverUnlessItIsLoopback() {
    Map<String, String> env = Map.of("VIGIL_WEBHOOK_SECRET", "x");

    assertThatThrownBy(() -> parse(env, "--webhook-url", "http://iam.example/revoke").sinks())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("plain http");
    assertThat(
            parse(env, "--webhook-url", "http://iam.example/revoke", "--allow-plain-http").sinks())
        .extracting(RevocationSink::name)
        .containsExactly("webhook");
    assertThat(parse(env, "--webhook-url", "http://127.0.0.1:8080/revoke").sinks())
        .extracting(RevocationSink::name)
        .containsExactly("webhook");
  }

  @Test
  void refusesToRunWithoutASink() {
    assertThatThrownBy(() -> parse(Map.of()).sinks())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("no sink");
    assertThatThrownBy(() -> parse(Map.of(), "--sink", "webhook").sinks())
        .hasMessageContaining("--sink webhook needs --webhook-url");
    assertThatThrownBy(() -> parse(Map.of(), "--sink", "okta").sinks())
        .hasMessageContaining("--sink must be 'log' or 'webhook', was 'okta'");
    assertThatThrownBy(
            () ->
                parse(Map.of("VIGIL_WEBHOOK_SECRET", "x"), "--webhook-url", "mailto:iam@example")
                    .sinks())
        .hasMessageContaining("http:// or https://");
  }

  @Test
  void readsDurationsAndRetrySettings() {
    RevokeCommand command =
        parse(
            Map.of(),
            "--sink",
            "log",
            "--max-attempts",
            "4",
            "--retry-backoff",
            "250ms",
            "--max-backoff",
            "2s",
            "--remember",
            "14d",
            "--webhook-timeout",
            "PT3S");

    assertThat(command.retryPolicy())
        .isEqualTo(new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(2)));
    assertThat(command.remember).isEqualTo(Duration.ofDays(14));
    assertThat(command.webhookTimeout).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> parse(Map.of(), "--remember", "a week"))
        .hasMessageContaining("'a week' is not a duration");
    assertThatThrownBy(() -> parse(Map.of(), "--max-attempts", "0").retryPolicy())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("maxAttempts must be at least 1");
  }

  @Test
  void passesClientPropertiesThroughButKeepsTheGuaranteesSettings() {
    RevokeCommand command =
        parse(
            Map.of(),
            "--sink",
            "log",
            "--set",
            "security.protocol=SASL_SSL",
            "--set",
            "isolation.level=read_uncommitted",
            "--set",
            "enable.auto.commit=true",
            "--set",
            "vigil.schema.registry.basic.auth.user.info=u:p");

    Map<String, Object> consumer =
        RevocationClients.consumerConfig(command.kafkaConfig(), "vigil-revoker");
    assertThat(consumer)
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("group.id", "vigil-revoker")
        .containsEntry("auto.offset.reset", "earliest");
    assertThat(command.registryConfig())
        .containsEntry("schema.registry.url", "http://schema-registry:8081")
        .containsEntry("basic.auth.user.info", "u:p");
    assertThat(RevocationClients.deadLetterProducerConfig(command.kafkaConfig()))
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true);
  }
}
