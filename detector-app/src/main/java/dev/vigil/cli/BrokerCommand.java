package dev.vigil.cli;

import dev.vigil.rules.pack.DurationText;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.serde.registry.MockSchemaRegistry;
import dev.vigil.serde.registry.server.SchemaRegistryServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil broker}: a throw-away single-node Kafka on this machine, and with {@code --registry}
 * an in-memory Schema Registry beside it, for trying producers, the simulator or {@code vigil run}
 * against without installing Kafka or running Docker. For development only.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "For development and trials only: a local stack without Docker.",
      "Starts a single-node Kafka broker (KRaft) in this process on 127.0.0.1 (a free port, or"
          + " --port) and prints its bootstrap address. Its data lives in a temporary directory that"
          + " is deleted on exit.",
      "With --registry it also serves an in-memory Schema Registry with Confluent's REST API on"
          + " http://127.0.0.1:8081 (--registry-port), for Vigil and Confluent clients alike. No"
          + " security, no persistence: everything is gone when it stops.",
      "Prints the vigil run, simulate and tail command lines that use them. Runs until Ctrl-C or"
          + " SIGTERM, or for --duration."
    },
    footer = {
      "%nExample (then run, simulate and tail in other terminals, as printed):",
      "  java -jar vigil.jar broker --port 9092 --registry"
    })
public final class BrokerCommand implements Callable<Integer> {

  /** The in-process name of the served registry ({@code mock://vigil-broker}). */
  static final String REGISTRY_SCOPE = "vigil-broker";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the Kafka listener on 127.0.0.1 (default: a free port).")
  int port;

  @Option(
      names = "--registry",
      description =
          "Also serve an in-memory Schema Registry (Confluent REST API) on 127.0.0.1; development"
              + " only.")
  boolean registry;

  @Option(
      names = "--registry-port",
      paramLabel = "PORT",
      description =
          "Port of the Schema Registry (default: "
              + SchemaRegistryServer.DEFAULT_PORT
              + "; 0 picks a free port); implies --registry.")
  Integer registryPort;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long (e.g. 60s, 10m); default: until Ctrl-C.")
  String duration;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration runFor;
    try {
      runFor = duration == null ? null : DurationText.require(duration);
    } catch (IllegalArgumentException e) {
      err.println(
          "vigil broker: --duration '" + duration + "' is not a duration (e.g. 60s, 10m, PT1H)");
      return ExitCode.INVALID_INPUT;
    }
    if (port < 0
        || port > 65535
        || (registryPort != null && (registryPort < 0 || registryPort > 65535))) {
      err.println("vigil broker: a port must be 0 (a free port) or 1-65535");
      return ExitCode.INVALID_INPUT;
    }
    boolean serveRegistry = registry || registryPort != null;

    GracefulShutdown shutdown = GracefulShutdown.install();
    // Each report is registered before what it reports on, so it runs right after that closes,
    // on whichever thread closes everything (on SIGTERM the JVM's hook, which the JVM waits for).
    shutdown.register("Kafka stop report", () -> report(out, "Kafka stopped."));
    EmbeddedKafka kafka;
    try {
      kafka = EmbeddedKafka.start(port, Map.of());
    } catch (IllegalStateException e) {
      if (port == 0 || !e.getMessage().contains("in use")) {
        throw e;
      }
      err.println("vigil broker: " + e.getMessage() + " (choose another with --port)");
      return ExitCode.INVALID_INPUT;
    }
    shutdown.register("embedded Kafka", kafka);
    String bootstrap = kafka.bootstrapServers();
    out.printf(
        "Kafka ready at %s in %d ms (data in %s)%n",
        bootstrap, kafka.startupTime().toMillis(), kafka.directory());

    SchemaRegistryServer server = null;
    if (serveRegistry) {
      MockSchemaRegistry.dropScope(REGISTRY_SCOPE);
      try {
        server =
            SchemaRegistryServer.start(
                registryPort == null ? SchemaRegistryServer.DEFAULT_PORT : registryPort,
                MockSchemaRegistry.forScope(REGISTRY_SCOPE));
      } catch (UncheckedIOException e) {
        err.println("vigil broker: " + e.getMessage());
        shutdown.closeAll();
        return ExitCode.INVALID_INPUT;
      }
      shutdown.register(
          "Schema Registry stop report",
          () -> {
            MockSchemaRegistry.dropScope(REGISTRY_SCOPE);
            report(out, "Schema Registry stopped.");
          });
      shutdown.register("Schema Registry", server);
      out.printf(
          "Schema Registry ready at %s (in memory, Confluent REST API; compatibility BACKWARD)%n",
          server.url());
    }
    out.println(
        "For development only: no security, and nothing survives a stop."
            + (runFor == null ? " Ctrl-C stops it." : " Stops after " + duration + "."));
    printUsage(out, bootstrap, server == null ? null : server.url());
    out.flush();

    shutdown.awaitStopRequest(runFor);
    shutdown.closeAll();
    return ExitCode.OK;
  }

  private static void report(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }

  private static void printUsage(PrintWriter out, String bootstrap, String registryUrl) {
    String vigil = invocation();
    String clients =
        " --bootstrap-servers "
            + bootstrap
            + (registryUrl == null
                ? " --schema-registry-url URL"
                : " --schema-registry-url " + registryUrl);
    out.println();
    out.println("Use it from other terminals:");
    // The demo's shortened pack first, so three days of history give every identity a baseline
    // to judge; then three days of history and a live day whose campaigns all start in its first
    // minute, as the README's walkthrough does.
    out.println("  " + vigil + " rules publish --demo --bootstrap-servers " + bootstrap);
    out.println("  " + vigil + " run" + clients);
    out.println(
        "  "
            + vigil
            + " simulate"
            + clients
            + " --identities 50 --days 4 --warm-up 3d --campaigns-within 1m");
    out.println("  " + vigil + " tail alerts --from-beginning" + clients);
    out.println("  " + vigil + " tail revocations --from-beginning" + clients);
    out.println("  " + vigil + " revoke" + clients + " --sink log --state-dir vigil-revoke-state");
    out.println(
        "or point any client at it: KAFKA_BOOTSTRAP_SERVERS="
            + bootstrap
            + (registryUrl == null
                ? " (the Schema Registry is yours to bring: add --registry for one)"
                : " VIGIL_SCHEMA_REGISTRY_URL="
                    + registryUrl
                    + " (schema.registry.url="
                    + registryUrl
                    + ")"));
    out.println();
  }

  /**
   * How this Vigil was started: {@code java -jar <the jar>} when from a jar, else {@code vigil}.
   */
  static String invocation() {
    try {
      Path location =
          Path.of(BrokerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!location.toString().endsWith(".jar")) {
        return "vigil";
      }
      Path here = Path.of("").toAbsolutePath();
      Path jar = location.startsWith(here) ? here.relativize(location) : location;
      String text = jar.toString();
      return "java -jar " + (text.contains(" ") ? "'" + text + "'" : text);
    } catch (RuntimeException | java.net.URISyntaxException e) {
      return "vigil";
    }
  }
}
