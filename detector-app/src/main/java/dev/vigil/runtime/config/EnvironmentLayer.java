package dev.vigil.runtime.config;

import dev.vigil.rules.pack.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Reads the environment layer: {@code KAFKA_*} variables become Kafka client / Streams settings and
 * {@code VIGIL_*} variables Vigil's own.
 *
 * <p>The name maps to a key by dropping the prefix (for {@code KAFKA_}), lower-casing and turning
 * underscores into dots: {@code KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}, {@code
 * KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}, {@code VIGIL_HTTP_PORT} → {@code
 * vigil.http.port}. This is the convention of Kafka's own container images, so TLS and SASL
 * settings pass straight through.
 *
 * <p>Nothing is dropped silently: an unknown {@code VIGIL_*} variable is an error with a
 * did-you-mean (a typo such as {@code VIGIL_OBSERV_ONLY} would otherwise run the detector with the
 * setting the operator meant to change left as it was), and a {@code KAFKA_*} variable that is no
 * known client or Streams setting is passed through with a warning (plugins may define their own).
 * Variables of Kafka's start scripts ({@code KAFKA_OPTS}, {@code KAFKA_HEAP_OPTS} …) configure a
 * JVM, not a client, and are skipped.
 */
final class EnvironmentLayer {

  static final String KAFKA_PREFIX = "KAFKA_";
  static final String VIGIL_PREFIX = "VIGIL_";

  /**
   * {@code VIGIL_*} variables a command reads itself rather than through the configuration: the
   * default name of {@code adapt --fingerprint-key-env}.
   */
  private static final Set<String> COMMAND_VARIABLES = Set.of("VIGIL_FINGERPRINT_KEY");

  private static final Set<String> SCRIPT_VARIABLES =
      Set.of(
          "KAFKA_OPTS",
          "KAFKA_HEAP_OPTS",
          "KAFKA_JVM_PERFORMANCE_OPTS",
          "KAFKA_LOG4J_OPTS",
          "KAFKA_JMX_OPTS",
          "KAFKA_GC_LOG_OPTS",
          "KAFKA_DEBUG",
          "KAFKA_HOME");

  /** Streams passes settings with these prefixes to one of its clients or to its topics. */
  private static final List<String> CLIENT_PREFIXES =
      List.of(
          "main.consumer.",
          "restore.consumer.",
          "global.consumer.",
          "consumer.",
          "producer.",
          "admin.",
          "topic.");

  private final Map<String, Setting> settings = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();

  private EnvironmentLayer() {}

  static EnvironmentLayer read(Map<String, String> environment) {
    EnvironmentLayer layer = new EnvironmentLayer();
    // Sorted, so the warnings come out in a stable order.
    new TreeMap<>(environment).forEach(layer::accept);
    return layer;
  }

  private void accept(String variable, String value) {
    if (COMMAND_VARIABLES.contains(variable)) {
      return;
    }
    if (variable.startsWith(VIGIL_PREFIX)) {
      String key = "vigil." + toKey(variable.substring(VIGIL_PREFIX.length()));
      if (VigilKey.byKey(key).isEmpty()) {
        throw new VigilConfigException(
            "unknown environment variable "
                + variable
                + ": not a Vigil setting ("
                + suggestion(variable)
                + ")");
      }
      settings.put(key, new Setting(value, Origin.environment(variable)));
    } else if (variable.startsWith(KAFKA_PREFIX) && !SCRIPT_VARIABLES.contains(variable)) {
      String key = toKey(variable.substring(KAFKA_PREFIX.length()));
      if (!isKnownKafkaKey(key)) {
        warnings.add(
            "environment variable "
                + variable
                + " sets '"
                + key
                + "', which is no known Kafka client or Streams setting; passed through as is");
      }
      settings.put(key, new Setting(value, Origin.environment(variable)));
    }
  }

  Map<String, Setting> settings() {
    return settings;
  }

  List<String> warnings() {
    return warnings;
  }

  private static String toKey(String rest) {
    return rest.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  static boolean isKnownKafkaKey(String key) {
    for (String prefix : CLIENT_PREFIXES) {
      if (key.startsWith(prefix)) {
        return isKnownKafkaKey(key.substring(prefix.length())) || prefix.equals("topic.");
      }
    }
    return StreamsConfig.configDef().names().contains(key)
        || ProducerConfig.configNames().contains(key)
        || ConsumerConfig.configNames().contains(key)
        || AdminClientConfig.configNames().contains(key);
  }

  /** "did you mean X?" for a near miss (a typo), else the list of known variables. */
  private static String suggestion(String variable) {
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (VigilKey key : VigilKey.values()) {
      int distance = Suggestions.distance(variable, key.environmentVariable());
      if (distance < best) {
        best = distance;
        closest = key.environmentVariable();
      }
    }
    return best <= 3 ? "did you mean " + closest + "?" : "known: " + knownVigilVariables();
  }

  private static String knownVigilVariables() {
    StringBuilder known = new StringBuilder();
    for (VigilKey key : VigilKey.values()) {
      if (known.length() > 0) {
        known.append(", ");
      }
      known.append(key.environmentVariable());
    }
    return known.toString();
  }
}
