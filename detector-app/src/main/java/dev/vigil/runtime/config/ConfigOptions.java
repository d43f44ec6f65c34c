package dev.vigil.runtime.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The configuration options every command that talks to Kafka shares ({@code @Mixin ConfigOptions
 * options;}): the same {@code --config}, {@code KAFKA_*} / {@code VIGIL_*} environment and {@code
 * --set KEY=VALUE} for all of them. The command-line layer of {@link VigilConfig}: named options
 * win over {@code --set}, which wins over the environment and the {@code --config} file.
 */
public final class ConfigOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file (.properties, .yaml or .yml). Environment variables"
              + " (KAFKA_*, VIGIL_*) override it; command-line options override both.")
  Path file;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers (bootstrap.servers).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description = "Schema Registry URL(s), comma-separated; mock://<scope> for in-memory.")
  String schemaRegistryUrl;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "Port of /metrics, /health and /ready (default 9400; 0 picks a free port).")
  Integer httpPort;

  @Option(
      names = "--observe-only",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      description = "Mark every revocation command dry_run: consumers log it, never act.")
  Boolean observeOnly;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description = "Rule pack YAML to publish at start (default: the built-in pack).")
  Path rules;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Any setting, Kafka's (e.g. security.protocol=SASL_SSL) or Vigil's"
              + " (e.g. vigil.topic.alerts=soc.alerts). Repeatable.")
  Map<String, String> settings = new LinkedHashMap<>();

  /** The process environment; replaced in tests. */
  public Supplier<Map<String, String>> environment = System::getenv;

  /**
   * The effective configuration: defaults, then the file, the environment, and these options.
   *
   * @throws dev.vigil.runtime.config.VigilConfigException naming a bad setting and its origin
   */
  public VigilConfig load() {
    return builder().build();
  }

  /**
   * The layers of {@link #load()}, for a command that adds its own overrides (e.g. the demo's
   * broker).
   */
  public VigilConfig.Builder builder() {
    Map<String, String> commandLine = new LinkedHashMap<>(settings);
    putIfSet(commandLine, "bootstrap.servers", bootstrapServers);
    putIfSet(commandLine, VigilKey.SCHEMA_REGISTRY_URL.key(), schemaRegistryUrl);
    putIfSet(commandLine, VigilKey.HTTP_PORT.key(), httpPort);
    putIfSet(commandLine, VigilKey.OBSERVE_ONLY.key(), observeOnly);
    putIfSet(commandLine, VigilKey.RULES.key(), rules);
    return VigilConfig.builder().file(file).environment(environment.get()).commandLine(commandLine);
  }

  private static void putIfSet(Map<String, String> settings, String key, Object value) {
    if (value != null) {
      settings.put(key, value.toString());
    }
  }
}
