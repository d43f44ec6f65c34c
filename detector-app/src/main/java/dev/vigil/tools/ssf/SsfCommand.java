package dev.vigil.tools.ssf;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilConfigException;
import dev.vigil.runtime.lifecycle.DeliveryRetryOptions;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import dev.vigil.runtime.lifecycle.Sleeper;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.tools.revoke.AppliedCommandStore;
import dev.vigil.tools.revoke.DeadLetterPublisher;
import dev.vigil.tools.revoke.RevocationApplier;
import dev.vigil.tools.revoke.RevocationClients;
import dev.vigil.tools.revoke.RevocationConsumer;
import dev.vigil.tools.revoke.RevocationSink;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil ssf}: an OpenID Shared Signals (SSF 1.0) push transmitter. */
@Command(
    name = "ssf",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Send revocation commands (and, with --alerts-min-severity, alerts) to OpenID Shared Signals"
            + " receivers as signed Security Event Tokens (RFC 8417) by push delivery (RFC 8935):"
            + " CAEP session-revoked and credential-change, RISC credential-compromise, CAEP"
            + " risk-level-change for alerts. Commands are read with read_committed; each SET goes to"
            + " each receiver once, remembered in --state-dir across restarts. Serves"
            + " /.well-known/ssf-configuration, /jwks.json, /ssf/streams (read-only) and /ssf/verify.")
public final class SsfCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(SsfCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--issuer",
      required = true,
      paramLabel = "URL",
      description =
          "The transmitter's issuer: the iss of every SET and the base URL receivers reach this"
              + " process at (its /.well-known/ssf-configuration).")
  String issuer;

  @Option(
      names = "--receiver",
      required = true,
      paramLabel = "name=NAME,url=URL[,aud=AUD][,token-env=VAR]",
      description =
          "A push receiver (repeatable): its endpoint, the aud of its SETs (default: the URL) and"
              + " the environment variable holding its bearer token, if it wants one.")
  List<String> receiverSpecs = new ArrayList<>();

  @Option(
      names = "--signing-key",
      required = true,
      paramLabel = "FILE",
      description =
          "Private key file: a JWK (JSON) or PEM PKCS#8 (RSA → RS256, EC P-256 → ES256; an EC PEM"
              + " also holds its PUBLIC KEY). Never pass key material on the command line.")
  Path signingKey;

  @Option(
      names = "--key-id",
      paramLabel = "KID",
      description = "The kid of the signing key (default: the JWK's kid, else its thumbprint).")
  String keyId;

  @Option(
      names = "--subject-issuer",
      paramLabel = "URL",
      description =
          "Issuer of the identity ids (IdP, SPIFFE trust domain): subjects become iss_sub;"
              + " without it they are opaque.")
  String subjectIssuer;

  @Option(
      names = "--alerts-min-severity",
      paramLabel = "LOW|MEDIUM|HIGH|CRITICAL",
      description =
          "Also send alerts of this severity and above (default: alerts are not sent); never"
              + " retrospective ones (history the detector read during its warm-up).")
  String alertsMinSeverity;

  @Option(
      names = "--state-dir",
      required = true,
      paramLabel = "DIR",
      description =
          "Where delivered (receiver, SET) pairs are remembered (one process per directory).")
  Path stateDir;

  @Option(
      names = "--remember",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description = "How long deliveries are remembered (default: ${DEFAULT-VALUE}).")
  Duration remember;

  @Option(
      names = "--ssf-port",
      paramLabel = "PORT",
      defaultValue = "9420",
      description = "Port of the SSF endpoints (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int ssfPort;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Revocation commands topic (default: the configured vigil.topic.revocations).")
  String topic;

  @Option(
      names = "--alerts-topic",
      paramLabel = "TOPIC",
      description = "Alerts topic (default: the configured vigil.topic.alerts).")
  String alertsTopic;

  @Option(
      names = "--dead-letter-topic",
      paramLabel = "TOPIC",
      defaultValue = "identity.ssf.dlq",
      description = "Where undeliverable commands and alerts go (default: ${DEFAULT-VALUE}).")
  String deadLetterTopic;

  @Option(
      names = "--group-id",
      paramLabel = "GROUP",
      defaultValue = "vigil-ssf",
      description = "Consumer group; alerts use GROUP-alerts (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Mixin DeliveryRetryOptions retry;

  @Option(
      names = "--delivery-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "Per-attempt push timeout (default: ${DEFAULT-VALUE}).")
  Duration deliveryTimeout;

  private final Function<String, String> environment;

  public SsfCommand() {
    this(System::getenv);
  }

  SsfCommand(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    List<SsfReceiver> receivers = receivers();
    Severity minimum = minimumSeverity();
    RetryPolicy retryPolicy = retryPolicy();
    SetSigner signer;
    try {
      signer = SetSigner.load(signingKey, keyId, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    VigilConfig config = config();
    Map<String, Object> kafka = new HashMap<>(config.clientConfig());
    kafka.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, groupId);
    SecurityEvents events = new SecurityEvents(subjectIssuer);
    PushDelivery push = new PushDelivery(deliveryTimeout);
    List<RevocationSink> sinks = new ArrayList<>();
    for (SsfReceiver receiver : receivers) {
      sinks.add(new SsfReceiverSink(receiver, signer, issuer, events, push));
    }
    Duration budget =
        deliveryTimeout
            .multipliedBy(retryPolicy.maxAttempts())
            .plus(retryPolicy.totalWaits())
            .multipliedBy(receivers.size());
    List<String> eventTypes =
        new ArrayList<>(
            List.of(
                SecurityEvents.CREDENTIAL_COMPROMISE,
                SecurityEvents.SESSION_REVOKED,
                SecurityEvents.CREDENTIAL_CHANGE,
                SecurityEvents.VERIFICATION));
    if (minimum != null) {
      eventTypes.add(SecurityEvents.RISK_LEVEL_CHANGE);
    }
    CountDownLatch closed = new CountDownLatch(1);
    try (AppliedCommandStore store =
            AppliedCommandStore.open(stateDir, remember, Clock.systemUTC());
        Producer<byte[], byte[]> producer = RevocationClients.deadLetterProducer(kafka);
        Consumer<String, RevocationCommand> commands =
            RevocationClients.consumer(
                kafka,
                groupId,
                RevocationClients.maxPollRecords(kafka, budget),
                ConfluentAvroSerde.specific(RevocationCommand.class, config.serdeConfig(), false)
                    .deserializer());
        Consumer<String, Alert> alerts =
            minimum == null
                ? null
                : new KafkaConsumer<>(
                    RevocationClients.consumerConfig(
                        kafka,
                        groupId + "-alerts",
                        RevocationClients.maxPollRecords(kafka, budget)),
                    new StringDeserializer(),
                    ConfluentAvroSerde.specific(Alert.class, config.serdeConfig(), false)
                        .deserializer());
        SsfServer server =
            new SsfServer(
                new InetSocketAddress(ssfPort), issuer, signer, receivers, eventTypes, push)) {
      DeadLetterPublisher deadLetters =
          new DeadLetterPublisher(producer, deadLetterTopic, Duration.ofSeconds(30));
      RevocationConsumer loop =
          new RevocationConsumer(
              commands,
              topic != null ? topic : config.topics().revocations(),
              new RevocationApplier(sinks, store, deadLetters, retryPolicy, Sleeper.REAL),
              deadLetters);
      AlertSetLoop alertLoop =
          alerts == null
              ? null
              : new AlertSetLoop(
                  alerts,
                  alertsTopic != null ? alertsTopic : config.topics().alerts(),
                  minimum,
                  receivers,
                  signer,
                  issuer,
                  events,
                  push,
                  store,
                  producer,
                  deadLetters,
                  retryPolicy,
                  Sleeper.REAL);
      Thread alertThread = null;
      if (alertLoop != null) {
        alertThread =
            new Thread(
                () -> {
                  try {
                    alertLoop.run(Duration.ofSeconds(1));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (RuntimeException e) {
                    LOG.error("the alerts loop stopped", e);
                    loop.stop();
                  }
                },
                "vigil-ssf-alerts");
        alertThread.start();
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    loop.stop();
                    if (alertLoop != null) {
                      alertLoop.stop();
                    }
                    awaitQuietly(closed);
                  },
                  "vigil-ssf-shutdown"));
      LOG.info(
          "ssf: issuer {}, key {} ({}), receivers {}, {} delivery(ies) remembered",
          issuer,
          signer.keyId(),
          signer.algorithm(),
          receivers,
          store.size());
      try {
        loop.run(Duration.ofSeconds(1));
      } finally {
        if (alertLoop != null) {
          alertLoop.stop();
          alertThread.join(TimeUnit.SECONDS.toMillis(30));
        }
      }
    } finally {
      closed.countDown();
    }
    return ExitCode.OK;
  }

  List<SsfReceiver> receivers() {
    List<SsfReceiver> receivers = new ArrayList<>();
    for (String spec : receiverSpecs) {
      try {
        SsfReceiver receiver = SsfReceiver.parse(spec, environment);
        if (receivers.stream().anyMatch(r -> r.name().equals(receiver.name()))) {
          throw usage("two receivers are named " + receiver.name());
        }
        receivers.add(receiver);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
    return receivers;
  }

  Severity minimumSeverity() {
    if (alertsMinSeverity == null) {
      return null;
    }
    try {
      return Severity.valueOf(alertsMinSeverity.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw usage(
          "--alerts-min-severity must be LOW, MEDIUM, HIGH or CRITICAL, was '"
              + alertsMinSeverity
              + "'");
    }
  }

  RetryPolicy retryPolicy() {
    try {
      return retry.policy();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  VigilConfig config() {
    try {
      return options.load();
    } catch (VigilConfigException e) {
      throw usage(e.getMessage());
    }
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
