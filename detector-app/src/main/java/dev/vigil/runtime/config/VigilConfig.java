package dev.vigil.runtime.config;

import dev.vigil.detector.Detector;
import dev.vigil.detector.topology.EventTimeBounds;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.detector.topology.WarmUp;
import dev.vigil.rules.pack.DurationText;
import dev.vigil.runtime.dlq.DeadLetterHandler;
import dev.vigil.runtime.dlq.DeadLetterProcessingHandler;
import dev.vigil.runtime.dlq.DeadLetterProductionHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's effective configuration: Kafka client and Streams settings plus Vigil's own.
 *
 * <h2>Precedence</h2>
 *
 * Four layers, each overriding the ones before it, key by key:
 *
 * <ol>
 *   <li><b>Built-in defaults</b>: {@link VigilKey} defaults for Vigil's settings, and for Kafka
 *       Streams {@code application.id=vigil-detector}, {@code
 *       processing.guarantee=exactly_once_v2}, {@code commit.interval.ms=100}, {@code
 *       max.task.idle.ms=0}, {@code replication.factor=-1} (the broker's default), {@code
 *       session.timeout.ms=10000} (a dead thread's partitions move on within 10 s), {@code
 *       bootstrap.servers=localhost:9092}, the dead-letter handlers for deserialization, processing
 *       and production errors ({@code dev.vigil.runtime.dlq}) and the dead-letter topic.
 *   <li><b>A configuration file</b> ({@code --config FILE}), properties or YAML (see {@link
 *       FileLayer}).
 *   <li><b>The environment</b>: {@code KAFKA_*} variables become Kafka settings ({@code
 *       KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}, {@code KAFKA_SASL_JAAS_CONFIG} →
 *       {@code sasl.jaas.config}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION} → {@code
 *       ssl.truststore.location}), {@code VIGIL_*} variables Vigil's own ({@code VIGIL_HTTP_PORT} →
 *       {@code vigil.http.port}); see {@link EnvironmentLayer}.
 *   <li><b>Command-line options</b>, e.g. {@code --http-port 9500} or {@code --set key=value}.
 * </ol>
 *
 * So a file written for one cluster can be deployed anywhere with secrets and addresses given as
 * environment variables, and an operator can still override one value for a single run.
 *
 * <p>Any value may be a Kafka config-provider reference, {@code ${dir:/etc/vigil/secrets:name}},
 * {@code ${file:PATH:KEY}} or {@code ${env:NAME}}, resolved after the layers are merged ({@link
 * ConfigReferences}), so secrets can stay in mounted files.
 *
 * <p>Nothing is dropped or overridden silently: an unknown {@code VIGIL_*} variable or {@code
 * vigil.*} key in any layer is an error (with a did-you-mean), an unknown Kafka key in the
 * environment is reported in {@link #warnings()} (which {@code VigilRuntime} logs at start and
 * {@code vigil config} prints), and when a later layer replaces a value an earlier non-default
 * layer set, that is logged with both origins. {@link #describe()} lists every value with its
 * origin, secrets masked by the one rule of {@link ConfigSecrets}. Invalid values fail with a
 * {@link VigilConfigException} that names the key, the layer it came from and what is wrong.
 */
public final class VigilConfig {

  private static final Logger log = LoggerFactory.getLogger(VigilConfig.class);

  /** Kafka Streams' application id unless configured: also its consumer group and topic prefix. */
  public static final String DEFAULT_APPLICATION_ID = "vigil-detector";

  /**
   * Exactly-once commits make results visible to read_committed consumers, so the commit interval
   * is most of an alert's latency: an event's alert is one commit away (two when it asks for a
   * revocation). 100 ms, Kafka's own exactly-once default, keeps alerts within a few hundred
   * milliseconds (docs/BENCHMARKS.md).
   */
  public static final String DEFAULT_COMMIT_INTERVAL_MS = "100";

  /**
   * Kafka's own default, set explicitly because the faster-looking -1 is wrong for Vigil: with 0 a
   * task waits for a partition that has lag on the broker but nothing buffered, so both input
   * topics are processed in timestamp order. With -1 one topic's fetched batch can run far ahead of
   * the other's while catching up a backlog, and detectors see a token's uses long before or after
   * its issuance; measured with {@code vigil bench} when lateness was still judged against the
   * task's stream time, 79,714 of 100,000 pre-loaded events were dead-lettered as late.
   */
  public static final String DEFAULT_MAX_TASK_IDLE_MS = "0";

  /** See {@link Builder#build()}: how long partitions of a dead thread or instance wait. */
  public static final String DEFAULT_SESSION_TIMEOUT_MS = "10000";

  private static final String PROCESSING_HANDLER_GLOBAL_KEY =
      "processing.exception.handler.global.enabled";

  private final Map<String, Setting> settings;
  private final List<String> warnings;

  private VigilConfig(Map<String, Setting> settings, List<String> warnings) {
    this.settings = Collections.unmodifiableMap(settings);
    this.warnings = List.copyOf(warnings);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults only: what Vigil uses when nothing is configured. */
  public static VigilConfig defaults() {
    return builder().build();
  }

  // ---- Vigil's settings ---------------------------------------------------------------------

  public VigilTopics topics() {
    return new VigilTopics(
        string(VigilKey.TOPIC_AUTH_EVENTS),
        string(VigilKey.TOPIC_TOKEN_EVENTS),
        string(VigilKey.TOPIC_ALERTS),
        string(VigilKey.TOPIC_REVOCATIONS),
        string(VigilKey.TOPIC_RULES),
        string(VigilKey.TOPIC_DLQ),
        bool(VigilKey.FINDINGS_OCSF_ENABLED) ? string(VigilKey.TOPIC_FINDINGS_OCSF) : null,
        string(VigilKey.TOPIC_RISK));
  }

  public String schemaRegistryUrl() {
    return string(VigilKey.SCHEMA_REGISTRY_URL);
  }

  /**
   * Configuration of the Schema Registry serdes, with Confluent's key names: {@code
   * schema.registry.url} and, when set, {@code basic.auth.credentials.source} and {@code
   * basic.auth.user.info}.
   */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("schema.registry.url", schemaRegistryUrl());
    optional(VigilKey.SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE)
        .ifPresent(v -> config.put("basic.auth.credentials.source", v));
    optional(VigilKey.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO)
        .ifPresent(v -> config.put("basic.auth.user.info", v));
    return config;
  }

  /** True when revocation commands are only dry runs. */
  public boolean observeOnly() {
    return bool(VigilKey.OBSERVE_ONLY);
  }

  /** The rule pack file to publish at start; empty means the built-in default pack. */
  public Optional<Path> rulesFile() {
    return optional(VigilKey.RULES).map(Path::of);
  }

  /**
   * How far behind its partition's newest event an event may arrive and still be judged. At most
   * the detectors' lookback ({@link Detector#DEFAULT_LOOKBACK}): that is how long they keep recent
   * uses to judge again when a late event fills in their context, so a longer grace would admit
   * events they could no longer place.
   */
  public Duration grace() {
    Duration grace = duration(VigilKey.GRACE);
    if (grace.compareTo(Detector.DEFAULT_LOOKBACK) > 0) {
      throw invalid(
          VigilKey.GRACE,
          "must be at most "
              + DurationText.format(Detector.DEFAULT_LOOKBACK)
              + ", how long the detectors keep recent uses to judge late events against");
    }
    return grace;
  }

  /**
   * How history read before go-live is treated ({@code vigil.warm.up}, {@code
   * vigil.history.alerts}).
   */
  public WarmUp warmUp() {
    WarmUp.HistoryAlerts alerts;
    try {
      alerts = WarmUp.HistoryAlerts.parse(string(VigilKey.HISTORY_ALERTS));
    } catch (IllegalArgumentException e) {
      throw invalid(VigilKey.HISTORY_ALERTS, "is not suppress or retrospective");
    }
    try {
      return WarmUp.parse(string(VigilKey.WARM_UP), alerts);
    } catch (IllegalArgumentException e) {
      throw invalid(VigilKey.WARM_UP, "is not earliest, none or a duration such as 7d");
    }
  }

  /** How far ahead of the wall clock an event_time passes as clock skew, uncounted. */
  public Duration eventTimeMaxSkew() {
    return duration(VigilKey.EVENT_TIME_MAX_SKEW);
  }

  /** How far ahead of the wall clock an event may be dated before it is dead-lettered. */
  public Duration eventTimeMaxAhead() {
    Duration ahead = duration(VigilKey.EVENT_TIME_MAX_AHEAD);
    if (ahead.compareTo(eventTimeMaxSkew()) < 0) {
      throw invalid(
          VigilKey.EVENT_TIME_MAX_AHEAD,
          "must be at least "
              + VigilKey.EVENT_TIME_MAX_SKEW.key()
              + " ("
              + eventTimeMaxSkew()
              + ")");
    }
    if (ahead.compareTo(EventTimeBounds.LIMIT) > 0) {
      throw invalid(VigilKey.EVENT_TIME_MAX_AHEAD, "must be at most 365d");
    }
    return ahead;
  }

  /** The bounds the live detector puts on producers' event times, on the given wall clock. */
  public EventTimeBounds eventTimeBounds(Clock clock) {
    return new EventTimeBounds(clock, eventTimeMaxSkew(), eventTimeMaxAhead());
  }

  public int httpPort() {
    int port = integer(VigilKey.HTTP_PORT);
    if (port < 0 || port > 65535) {
      throw invalid(VigilKey.HTTP_PORT, "is not a port number (0-65535)");
    }
    return port;
  }

  /**
   * Where the HTTP server listens: {@code vigil.http.bind.address} and {@link #httpPort()}. An IP
   * literal or a name of this host; a name is resolved once, here, so a typo fails at load time.
   */
  public InetSocketAddress httpAddress() {
    String host = string(VigilKey.HTTP_BIND_ADDRESS);
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw invalid(VigilKey.HTTP_BIND_ADDRESS, "is not an address or a resolvable host name");
    }
    return new InetSocketAddress(address, httpPort());
  }

  /** The bearer token of the query endpoints; empty when they are off. */
  public Optional<String> queryToken() {
    return optional(VigilKey.HTTP_QUERY_TOKEN).filter(token -> !token.isBlank());
  }

  /**
   * The address other instances reach this one's HTTP server at ({@code application.server}), for
   * an HTTP server bound to {@code boundPort}: {@code vigil.application.server} when set, else the
   * bind address (this host's own address when that is every interface) and the port.
   */
  public String applicationServer(int boundPort) {
    Optional<String> configured = optional(VigilKey.APPLICATION_SERVER);
    if (configured.isPresent()) {
      return configured.get();
    }
    InetAddress bound = httpAddress().getAddress();
    String host = bound.getHostAddress();
    if (bound.isAnyLocalAddress()) {
      try {
        host = InetAddress.getLocalHost().getHostAddress();
      } catch (UnknownHostException e) {
        host = InetAddress.getLoopbackAddress().getHostAddress();
      }
    }
    return host + ":" + boundPort;
  }

  public boolean createTopics() {
    return bool(VigilKey.TOPICS_CREATE);
  }

  public int topicPartitions() {
    int partitions = integer(VigilKey.TOPICS_PARTITIONS);
    if (partitions < 1) {
      throw invalid(VigilKey.TOPICS_PARTITIONS, "must be at least 1");
    }
    return partitions;
  }

  public short topicReplicationFactor() {
    int factor = integer(VigilKey.TOPICS_REPLICATION_FACTOR);
    if (factor == 0 || factor < -1 || factor > Short.MAX_VALUE) {
      throw invalid(
          VigilKey.TOPICS_REPLICATION_FACTOR, "must be -1 (broker default) or at least 1");
    }
    return (short) factor;
  }

  public Duration shutdownTimeout() {
    return duration(VigilKey.SHUTDOWN_TIMEOUT);
  }

  // ---- Kafka settings -----------------------------------------------------------------------

  public String bootstrapServers() {
    return settings.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG).value();
  }

  public String applicationId() {
    return settings.get(StreamsConfig.APPLICATION_ID_CONFIG).value();
  }

  /**
   * Every Kafka setting (all keys that are not {@code vigil.*}), defaults included, with
   * config-provider references resolved (so without the {@code config.providers} keys).
   */
  public Map<String, String> kafkaSettings() {
    Map<String, String> kafka = new TreeMap<>();
    settings.forEach(
        (key, setting) -> {
          if (!key.startsWith("vigil.") && !ConfigReferences.isProviderSetting(key)) {
            kafka.put(key, setting.value());
          }
        });
    return kafka;
  }

  /** The Kafka Streams configuration: Kafka settings plus the dead-letter topic. */
  public Properties streamsProperties() {
    Properties properties = new Properties();
    properties.putAll(kafkaSettings());
    properties.put(
        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics().deadLetters());
    return properties;
  }

  /**
   * Settings for an Admin, producer or consumer outside Kafka Streams (topic checks, the demo's
   * traffic generator): the connection and security settings, without Streams-only keys that the
   * plain clients would warn about.
   */
  public Map<String, Object> clientConfig() {
    Map<String, Object> client = new TreeMap<>();
    kafkaSettings()
        .forEach(
            (key, value) -> {
              if (AdminClientConfig.configNames().contains(key)) {
                client.put(key, value);
              }
            });
    return client;
  }

  // ---- reporting ----------------------------------------------------------------------------

  /**
   * Problems that did not stop loading: unknown environment variables, unknown Kafka keys. The
   * caller reports them (to the log or the terminal), so each is said once.
   */
  public List<String> warnings() {
    return warnings;
  }

  /** Where the value of {@code key} came from; empty when it is not set. */
  public Optional<Origin> origin(String key) {
    return Optional.ofNullable(settings.get(key)).map(Setting::origin);
  }

  /** The raw value of any key, Kafka's or Vigil's. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(settings.get(key)).map(Setting::value);
  }

  /**
   * One line per setting, sorted: {@code key = value (origin)}, with values as {@link
   * ConfigSecrets} shows them.
   */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(settings)
        .forEach(
            (key, setting) ->
                lines.add(
                    key
                        + " = "
                        + ConfigSecrets.mask(key, setting.value())
                        + " ("
                        + setting.origin()
                        + ")"));
    return lines;
  }

  /** The value of {@code key} as it may be printed or logged (see {@link ConfigSecrets}). */
  public String display(String key) {
    return get(key).map(value -> ConfigSecrets.mask(key, value)).orElse("(unset)");
  }

  // ---- typed access -------------------------------------------------------------------------

  private String string(VigilKey key) {
    return optional(key).orElseThrow(() -> invalid(key, "must be set"));
  }

  private Optional<String> optional(VigilKey key) {
    Setting setting = settings.get(key.key());
    return setting == null || setting.value().isBlank()
        ? Optional.empty()
        : Optional.of(setting.value().trim());
  }

  private boolean bool(VigilKey key) {
    String value = string(key).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw invalid(key, "is not a boolean (true or false)");
    };
  }

  private int integer(VigilKey key) {
    try {
      return Integer.parseInt(string(key));
    } catch (NumberFormatException e) {
      throw invalid(key, "is not a whole number");
    }
  }

  private Duration duration(VigilKey key) {
    String value = string(key);
    Duration duration;
    duration = DurationText.parse(value);
    if (duration == null) {
      throw invalid(key, "is not a duration (" + DurationText.FORMS + ")");
    }
    if (duration.isNegative()) {
      throw invalid(key, "must not be negative");
    }
    return duration;
  }

  private VigilConfigException invalid(VigilKey key, String problem) {
    Setting setting = settings.get(key.key());
    String shown =
        setting == null ? "(unset)" : "'" + ConfigSecrets.mask(key.key(), setting.value()) + "'";
    String origin = setting == null ? "" : " (from " + setting.origin() + ")";
    return new VigilConfigException(key.key() + " = " + shown + origin + " " + problem);
  }

  /**
   * Collects the layers; {@link #build()} applies them in precedence order, whatever the call
   * order.
   */
  public static final class Builder {

    private Path file;
    private Map<String, String> environment = Map.of();
    private final Map<String, String> commandLine = new LinkedHashMap<>();

    private Builder() {}

    /** The {@code --config} file; {@code null} for none. */
    public Builder file(Path file) {
      this.file = file;
      return this;
    }

    /** The process environment, normally {@code System.getenv()}. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** One command-line setting, by key ({@code vigil.http.port}, {@code bootstrap.servers}). */
    public Builder commandLine(String key, String value) {
      commandLine.put(key, value);
      return this;
    }

    /** Command-line settings by key; later calls win. */
    public Builder commandLine(Map<String, String> settings) {
      commandLine.putAll(settings);
      return this;
    }

    /**
     * Applies the layers and validates every Vigil setting.
     *
     * @throws VigilConfigException naming the first invalid setting and its origin
     */
    public VigilConfig build() {
      Map<String, Setting> merged = new LinkedHashMap<>(builtInDefaults());
      List<String> warnings = new ArrayList<>();

      if (file != null) {
        Map<String, Setting> fromFile = FileLayer.read(file);
        rejectUnknownVigilKeys(fromFile);
        apply(merged, fromFile);
      }

      EnvironmentLayer env = EnvironmentLayer.read(environment);
      warnings.addAll(env.warnings());
      apply(merged, env.settings());

      Map<String, Setting> fromCommandLine = new LinkedHashMap<>();
      commandLine.forEach((k, v) -> fromCommandLine.put(k, new Setting(v, Origin.COMMAND_LINE)));
      rejectUnknownVigilKeys(fromCommandLine);
      apply(merged, fromCommandLine);

      rejectDeadLetterTopicConflict(merged);

      VigilConfig config = new VigilConfig(ConfigReferences.resolve(merged), warnings);
      config.validate();
      return config;
    }

    private static Map<String, Setting> builtInDefaults() {
      Map<String, Setting> defaults = new LinkedHashMap<>();
      for (VigilKey key : VigilKey.values()) {
        if (key.defaultValue() != null) {
          defaults.put(key.key(), new Setting(key.defaultValue(), Origin.DEFAULT));
        }
      }
      Map<String, String> streams = new LinkedHashMap<>();
      streams.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
      streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
      streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      streams.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
      streams.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, DEFAULT_MAX_TASK_IDLE_MS);
      streams.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
      streams.put(
          StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
          DeadLetterHandler.class.getName());
      streams.put(
          StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
          DeadLetterProcessingHandler.class.getName());
      streams.put(
          StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
          DeadLetterProductionHandler.class.getName());
      // Also for global (rules) processing, so one bad record there cannot stop the app. The key is
      // deprecated only because Kafka 5.0 makes "true" the default (and the key goes away).
      streams.put(PROCESSING_HANDLER_GLOBAL_KEY, "true");
      // A stream thread that died (and was replaced) or a crashed instance keeps its partitions
      // until its session times out; 10 s instead of the consumer's 45 s bounds that detection gap.
      streams.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, DEFAULT_SESSION_TIMEOUT_MS);
      streams.forEach((k, v) -> defaults.put(k, new Setting(v, Origin.DEFAULT)));
      return defaults;
    }

    private static void apply(Map<String, Setting> merged, Map<String, Setting> layer) {
      layer.forEach(
          (key, setting) -> {
            Setting previous = merged.put(key, setting);
            if (previous != null
                && previous.origin().layer() != Origin.Layer.DEFAULT
                && !previous.value().equals(setting.value())) {
              log.info(
                  "{} from {} overrides the value from {}",
                  key,
                  setting.origin(),
                  previous.origin());
            }
          });
    }

    private static void rejectUnknownVigilKeys(Map<String, Setting> layer) {
      layer.forEach(
          (key, setting) -> {
            if (key.startsWith("vigil.") && VigilKey.byKey(key).isEmpty()) {
              throw new VigilConfigException(
                  "unknown Vigil setting '"
                      + key
                      + "' (from "
                      + setting.origin()
                      + "); known settings: "
                      + knownKeys());
            }
          });
    }

    /**
     * The dead-letter topic is one setting, vigil.topic.dlq; a second name for it would diverge.
     */
    private static void rejectDeadLetterTopicConflict(Map<String, Setting> merged) {
      Setting streamsDlq = merged.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
      Setting vigilDlq = merged.get(VigilKey.TOPIC_DLQ.key());
      if (streamsDlq != null && !streamsDlq.value().equals(vigilDlq.value())) {
        throw new VigilConfigException(
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                + " = '"
                + streamsDlq.value()
                + "' (from "
                + streamsDlq.origin()
                + ") differs from "
                + VigilKey.TOPIC_DLQ.key()
                + " = '"
                + vigilDlq.value()
                + "'; set only "
                + VigilKey.TOPIC_DLQ.key());
      }
    }

    private static String knownKeys() {
      StringBuilder known = new StringBuilder();
      for (VigilKey key : VigilKey.values()) {
        if (known.length() > 0) {
          known.append(", ");
        }
        known.append(key.key());
      }
      return known.toString();
    }
  }

  /** Reads every typed Vigil setting once so a bad value fails at load time, not at first use. */
  private void validate() {
    topics();
    schemaRegistryUrl();
    observeOnly();
    grace();
    warmUp();
    eventTimeMaxAhead();
    httpAddress();
    createTopics();
    topicPartitions();
    topicReplicationFactor();
    shutdownTimeout();
    if (applicationId().isBlank()) {
      throw new VigilConfigException(
          "application.id is blank (from "
              + origin(StreamsConfig.APPLICATION_ID_CONFIG).get()
              + ")");
    }
    if (bootstrapServers().isBlank()) {
      throw new VigilConfigException(
          "bootstrap.servers is blank (from "
              + origin(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG).get()
              + ")");
    }
  }
}
