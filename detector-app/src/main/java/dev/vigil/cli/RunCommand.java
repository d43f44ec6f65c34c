package dev.vigil.cli;

import dev.vigil.rules.pack.DurationText;
import dev.vigil.rules.pack.RulePackException;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.app.RegistryCheck;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilConfigException;
import dev.vigil.runtime.config.VigilKey;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.topics.ClusterUnreachableException;
import dev.vigil.runtime.topics.MissingTopicsException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil run}: the detector against the configured Kafka cluster and Schema Registry. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the detector against a Kafka cluster and Schema Registry.",
      "Reads identity.auth-events and identity.token-events, writes identity.alerts and"
          + " identity.revocations, serves /metrics, /health and /ready.",
      "Precedence: built-in defaults < --config FILE < environment (KAFKA_* for Kafka, VIGIL_* for Vigil)"
          + " < options. Missing topics are created unless vigil.topics.create=false.",
      "Runs until SIGTERM or Ctrl-C (a graceful shutdown), or for --duration.",
      "At its first start it learns from the history the input topics retain (--warm-up) without"
          + " answering it: alerts on events from before go-live are suppressed or marked"
          + " retrospective (--history-alerts), and never become revocation commands."
    },
    footer = {
      "%nExit codes: 0 stopped normally; 1 the detector failed while running; 2 bad configuration"
          + " (the message names the setting); 3 the cluster is unreachable or topics are missing;"
          + " 4 the rule pack was refused (file:line:col and field).",
      "%nExamples:",
      "  vigil run --bootstrap-servers kafka-1:9092 \\",
      "      --schema-registry-url http://registry:8081",
      "  KAFKA_SECURITY_PROTOCOL=SASL_SSL KAFKA_SASL_MECHANISM=SCRAM-SHA-512 \\",
      "  KAFKA_SASL_JAAS_CONFIG=\"$(cat jaas.conf)\" vigil run --config vigil.yaml",
      "  vigil run --config vigil.properties --rules my-pack.yaml --observe-only"
    })
public final class RunCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long (e.g. 60s, 10m); default: until SIGTERM or Ctrl-C.")
  String duration;

  @Option(
      names = "--allow-in-memory-registry",
      description =
          "Run with a mock:// Schema Registry anyway. It lives only inside this process, so events"
              + " producers wrote with their own registry cannot be decoded: for tests and demos"
              + " on an embedded broker only.")
  boolean allowInMemoryRegistry;

  @Option(
      names = "--warm-up",
      paramLabel = "earliest|DURATION|none",
      description =
          "History learned at the first start, from before go-live: earliest (all retained), a"
              + " duration before go-live (7d; 0s: none learned), or none (every event judged live,"
              + " whatever its age). Go-live is recorded per partition at the first start and kept"
              + " across restarts: an outage's backlog is live. Default: earliest"
              + " (vigil.warm.up).")
  String warmUp;

  @Option(
      names = "--history-alerts",
      paramLabel = "suppress|retrospective",
      description =
          "Findings on warm-up history: suppress (counted in vigil_history_findings_total) or"
              + " retrospective (alerts marked retrospective). Never a revocation command."
              + " Default: suppress (vigil.history.alerts).")
  String historyAlerts;

  @Spec CommandSpec spec;

  /** How the shutdown is made; tests use one without a JVM hook. */
  Supplier<GracefulShutdown> shutdowns = GracefulShutdown::install;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Duration runFor;
    VigilConfig config;
    try {
      runFor = duration == null ? null : DurationText.require(duration);
    } catch (IllegalArgumentException e) {
      err.println(
          "vigil run: --duration '" + duration + "' is not a duration (e.g. 60s, 10m, PT1H)");
      return ExitCode.INVALID_INPUT;
    }
    VigilConfig.Builder layers = options.builder();
    if (warmUp != null) {
      layers.commandLine(VigilKey.WARM_UP.key(), warmUp);
    }
    if (historyAlerts != null) {
      layers.commandLine(VigilKey.HISTORY_ALERTS.key(), historyAlerts);
    }
    config = layers.build();
    if (RegistryCheck.inMemory(config) && !allowInMemoryRegistry) {
      err.println(
          "vigil run: the Schema Registry is "
              + config.display(VigilKey.SCHEMA_REGISTRY_URL.key())
              + ", an in-memory registry private to this process: no producer can register"
              + " schemas in it, so every event would be dead-lettered. Set"
              + " vigil.schema.registry.url (or --schema-registry-url) to your registry;"
              + " `vigil broker --registry` serves one for development.");
      return ExitCode.INVALID_INPUT;
    }
    err.println(
        "vigil run: Kafka at "
            + config.display("bootstrap.servers")
            + ", Schema Registry at "
            + config.display(VigilKey.SCHEMA_REGISTRY_URL.key()));
    RegistryCheck.answers(config);
    err.println("vigil run: warm-up " + config.warmUp().describe());

    GracefulShutdown shutdown = shutdowns.get();
    try {
      DetectorApp.start(config, shutdown);
    } catch (RulePackException e) {
      return fail(shutdown, err, "rule pack refused: " + e.getMessage(), ExitCode.INVALID_RULES);
    } catch (VigilConfigException | UncheckedIOException e) {
      return fail(shutdown, err, e.getMessage(), ExitCode.INVALID_INPUT);
    } catch (ClusterUnreachableException | MissingTopicsException e) {
      return fail(shutdown, err, e.getMessage(), ExitCode.CLUSTER_PROBLEM);
    }
    String reason = shutdown.awaitStopRequest(runFor);
    shutdown.closeAll();
    err.println("vigil run: stopped (" + reason + ")");
    return reason.startsWith("Kafka Streams reached") ? ExitCode.FAILED : ExitCode.OK;
  }

  private static int fail(
      GracefulShutdown shutdown, PrintWriter err, String message, int exitCode) {
    shutdown.closeAll();
    err.println("vigil run: " + message);
    return exitCode;
  }
}
