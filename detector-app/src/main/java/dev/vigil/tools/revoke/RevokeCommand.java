package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilConfigException;
import dev.vigil.runtime.config.VigilKey;
import dev.vigil.runtime.lifecycle.DeliveryRetryOptions;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import dev.vigil.runtime.lifecycle.Sleeper;
import dev.vigil.serde.ConfluentAvroSerde;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil revoke}: the reference revocation consumer. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Apply the detector's revocation commands once each: read them with read_committed, deliver"
            + " them to a signed webhook and/or the log, and send what cannot be delivered to a"
            + " dead-letter topic. Applied command ids are remembered in --state-dir, so a restart"
            + " does not re-apply. Commands with dry_run set are logged, never delivered.")
public final class RevokeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RevokeCommand.class);
  private static final Set<String> SINK_KINDS = Set.of("log", "webhook");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--webhook-url",
      paramLabel = "URL",
      description = "Deliver each command as a signed JSON POST to this URL.")
  URI webhookUrl;

  @Option(
      names = "--webhook-secret-env",
      paramLabel = "NAME",
      description =
          "Environment variable holding the HMAC-SHA256 secret, instead of the configured"
              + " vigil.webhook.secret (VIGIL_WEBHOOK_SECRET, or a ${dir:...} reference).")
  String webhookSecretEnv;

  @Option(
      names = "--allow-plain-http",
      description =
          "Accept an http:// webhook URL that is not a loopback address (e.g. behind a TLS"
              + " sidecar); by default the webhook must be https.")
  boolean allowPlainHttp;

  @Option(
      names = "--webhook-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "Per-attempt webhook timeout (default: ${DEFAULT-VALUE}).")
  Duration webhookTimeout;

  @Option(
      names = "--sink",
      paramLabel = "log|webhook",
      description =
          "Add a sink (repeatable). --webhook-url implies webhook; --sink log logs each command.")
  List<String> sinkKinds = new ArrayList<>();

  @Option(
      names = "--state-dir",
      required = true,
      paramLabel = "DIR",
      description =
          "Where applied command ids are remembered (fsync'd; one consumer per directory).")
  Path stateDir;

  @Option(
      names = "--remember",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description =
          "How long applied command ids are remembered; keep it at least the topic's retention (default: ${DEFAULT-VALUE}).")
  Duration remember;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description =
          "Topic of revocation commands (default: the configured vigil.topic.revocations,"
              + " identity.revocations).")
  String topic;

  @Option(
      names = "--dead-letter-topic",
      paramLabel = "TOPIC",
      defaultValue = "identity.revocations.dlq",
      description =
          "Where undeliverable commands go, with the reason in headers (default: ${DEFAULT-VALUE}).")
  String deadLetterTopic;

  @Option(
      names = "--group-id",
      paramLabel = "GROUP",
      defaultValue = "vigil-revoker",
      description = "Consumer group (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Mixin DeliveryRetryOptions retry;

  private final Function<String, String> environment;

  /** The loop while it runs, so a test can stop it as the shutdown hook does. */
  private volatile RevocationConsumer running;

  public RevokeCommand() {
    this(System::getenv);
  }

  /** For tests: reads the webhook secret from {@code environment} instead of the process env. */
  RevokeCommand(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    List<RevocationSink> sinks = sinks();
    RetryPolicy retryPolicy = retryPolicy();
    Map<String, Object> kafka = kafkaConfig();
    CountDownLatch closed = new CountDownLatch(1);
    try (AppliedCommandStore store =
            AppliedCommandStore.open(stateDir, remember, Clock.systemUTC());
        Producer<byte[], byte[]> producer = RevocationClients.deadLetterProducer(kafka);
        Consumer<String, RevocationCommand> consumer =
            RevocationClients.consumer(
                kafka,
                groupId,
                RevocationClients.maxPollRecords(kafka, deliveryBudget(sinks, retryPolicy)),
                ConfluentAvroSerde.specific(RevocationCommand.class, registryConfig(), false)
                    .deserializer())) {
      DeadLetterPublisher deadLetters =
          new DeadLetterPublisher(producer, deadLetterTopic, Duration.ofSeconds(30));
      RevocationConsumer loop =
          new RevocationConsumer(
              consumer,
              topic(),
              new RevocationApplier(sinks, store, deadLetters, retryPolicy, Sleeper.REAL),
              deadLetters);
      running = loop;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    loop.stop();
                    awaitQuietly(closed);
                  },
                  "vigil-revoke-shutdown"));
      LOG.info(
          "revoke: sinks {}, {} applied command(s) remembered in {}",
          sinks.stream().map(Object::toString).toList(),
          store.size(),
          store.file());
      loop.run(Duration.ofSeconds(1));
    } finally {
      closed.countDown();
    }
    return ExitCode.OK;
  }

  RevocationConsumer running() {
    return running;
  }

  /** The sinks the options ask for, or a usage error saying what is missing. */
  List<RevocationSink> sinks() {
    Set<String> requested = new LinkedHashSet<>();
    for (String kind : sinkKinds) {
      String normalized = kind.trim().toLowerCase(Locale.ROOT);
      if (!SINK_KINDS.contains(normalized)) {
        throw usage("--sink must be 'log' or 'webhook', was '" + kind + "'");
      }
      requested.add(normalized);
    }
    if (requested.contains("webhook") && webhookUrl == null) {
      throw usage("--sink webhook needs --webhook-url URL");
    }
    List<RevocationSink> sinks = new ArrayList<>();
    if (webhookUrl != null) {
      String secret = webhookSecret();
      try {
        sinks.add(
            WebhookSink.create(
                webhookUrl,
                secret.getBytes(StandardCharsets.UTF_8),
                webhookTimeout,
                allowPlainHttp));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
    if (requested.contains("log")) {
      sinks.add(new LogSink());
    }
    if (sinks.isEmpty()) {
      throw usage(
          "no sink: give --webhook-url URL (secret in --webhook-secret-env NAME) and/or --sink log");
    }
    return sinks;
  }

  /** The secret from --webhook-secret-env's variable, else vigil.webhook.secret. */
  private String webhookSecret() {
    if (webhookSecretEnv != null) {
      String secret = environment.apply(webhookSecretEnv);
      if (secret == null || secret.isBlank()) {
        throw usage(
            "the webhook secret is read from environment variable "
                + webhookSecretEnv
                + " (--webhook-secret-env), which is not set or empty");
      }
      return secret;
    }
    return config()
        .get(VigilKey.WEBHOOK_SECRET.key())
        .filter(secret -> !secret.isBlank())
        .orElseThrow(
            () ->
                usage(
                    "the webhook secret is not set: set "
                        + VigilKey.WEBHOOK_SECRET.key()
                        + " (environment "
                        + VigilKey.WEBHOOK_SECRET.environmentVariable()
                        + ", best as a reference to a mounted file such as"
                        + " ${dir:/etc/vigil/secrets:webhook-secret}), or name a variable with"
                        + " --webhook-secret-env"));
  }

  /** The longest one command can take when every sink is down: all attempts, all waits. */
  Duration deliveryBudget(List<RevocationSink> sinks, RetryPolicy policy) {
    Duration perSink = webhookTimeout.multipliedBy(policy.maxAttempts()).plus(policy.totalWaits());
    return perSink.multipliedBy(sinks.size());
  }

  RetryPolicy retryPolicy() {
    try {
      return retry.policy();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** The configuration every command reads: --config, KAFKA_* / VIGIL_* and --set. */
  VigilConfig config() {
    try {
      return options.load();
    } catch (VigilConfigException e) {
      throw usage(e.getMessage());
    }
  }

  /** Kafka client settings (connection, TLS, SASL) as configured, named after the group. */
  Map<String, Object> kafkaConfig() {
    Map<String, Object> config = new HashMap<>(config().clientConfig());
    config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, groupId);
    return config;
  }

  /** Registry client settings (URL, basic auth, TLS) as configured. */
  Map<String, Object> registryConfig() {
    return config().serdeConfig();
  }

  /** The commands' topic: --topic, else the configured one. */
  String topic() {
    return topic != null ? topic : config().topics().revocations();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
