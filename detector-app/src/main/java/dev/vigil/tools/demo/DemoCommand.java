package dev.vigil.tools.demo;

import dev.vigil.rules.pack.DurationText;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilConfigException;
import dev.vigil.runtime.config.VigilKey;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.lifecycle.VigilRuntime;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.tools.simulate.kafka.EventFeed;
import dev.vigil.tools.simulate.kafka.EventProducer;
import dev.vigil.tools.simulate.kafka.Pacer;
import dev.vigil.tools.simulate.kafka.RunningFeed;
import dev.vigil.tools.simulate.kafka.TimeSplit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil demo}: everything in one process, no cluster needed. An embedded Kafka broker, an
 * in-memory Schema Registry, the detector exactly as {@code vigil run} starts it, a simulated
 * estate of non-human identities with attacks mixed in, and a console that prints every alert and
 * revocation command as Vigil commits it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run Vigil end to end on this machine, no cluster needed.",
      "Starts an embedded Kafka broker, an in-memory Schema Registry, the detector, and simulated NHI"
          + " traffic with attacks mixed in. Three days of traffic are pre-loaded (so baselines exist),"
          + " then live traffic follows the clock; the attacks start 20-40 s in.",
      "Every alert and revocation command prints as one line; each alert says whether it fired on an"
          + " injected attack, a benign look-alike or ordinary traffic (the demo knows what it"
          + " injected), and a closing table counts attacks caught and missed and false alerts."
          + " Metrics:",
      "  http://localhost:9400/metrics  (/health, /ready; port: --http-port)",
      "Runs for --duration (default 60s) from the moment Vigil has read the history, and at least"
          + " until every attack has played out and had 10 s to be caught; Ctrl-C stops it earlier."
    },
    footer = {
      "%nExamples:",
      "  java -jar vigil.jar demo",
      "  java -jar vigil.jar demo --duration 10m --http-port 9500 --seed 7",
      "  java -jar vigil.jar demo --identities 200 --observe-only"
    })
public final class DemoCommand implements Callable<Integer> {

  /**
   * The registry scope of the demo: producer, detector and console share this in-memory registry.
   */
  static final String REGISTRY = "mock://vigil-demo";

  /** How long the demo waits for Vigil to read its history before the minute starts anyway. */
  private static final Duration HISTORY_READ_LIMIT = Duration.ofMinutes(3);

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "How long the demo runs once Vigil has read the history (e.g. 60s, 10m; default:"
              + " ${DEFAULT-VALUE}), and at least until every attack has been judged; Ctrl-C stops"
              + " it earlier. Every attack strikes 20-40 s after the start.")
  Duration duration;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_SECOND",
      defaultValue = "5000",
      description =
          "Events per second at most (default: ${DEFAULT-VALUE}): the pace of the history pre-load;"
              + " live traffic then follows the clock.")
  double rate;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "9400",
      description =
          "Port of /metrics, /health and /ready (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int httpPort;

  @Option(
      names = "--identities",
      paramLabel = "N",
      defaultValue = "24",
      description = "Identities in the simulated estate (default: ${DEFAULT-VALUE}).")
  int identities;

  @Option(
      names = "--attacks-per-detection",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Attack campaigns per detection, plus as many benign look-alikes (default: ${DEFAULT-VALUE}).")
  int attacksPerDetection;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Random seed of the estate (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description =
          "Rule pack to run (default: the shipped pack with baselines shortened to the three-day history).")
  Path rules;

  @Option(names = "--observe-only", description = "Mark every revocation command dry_run.")
  boolean observeOnly;

  @Spec CommandSpec spec;

  /** Starts the broker; a test replaces it to prove a bad command line never gets this far. */
  Supplier<EmbeddedKafka> broker = EmbeddedKafka::start;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DemoTraffic traffic;
    Pacer pacer;
    try {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(
            "--duration must be positive, got " + DurationText.format(duration));
      }
      traffic = DemoTraffic.defaults(seed, identities, attacksPerDetection);
      pacer = Pacer.perSecond(rate);
      // Every setting checked before the broker starts (which takes seconds): the broker's own
      // address and directory are not known yet, so stand-ins take their place.
      config("127.0.0.1:9092", Path.of("vigil-demo-pack.yaml"), Path.of("streams-state"));
    } catch (IllegalArgumentException | VigilConfigException e) {
      err.println("vigil demo: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }

    GracefulShutdown shutdown = GracefulShutdown.install();
    // Registered first, so it closes last: everything else is a client of this broker.
    EmbeddedKafka kafka = broker.get();
    shutdown.register("embedded Kafka", kafka);
    VigilConfig config;
    try {
      config = config(kafka);
    } catch (VigilConfigException e) {
      err.println("vigil demo: " + e.getMessage());
      shutdown.closeAll();
      return ExitCode.INVALID_INPUT;
    }
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    DemoScore score = new DemoScore(traffic.labels(now), now);
    EventProducer producer = EventProducer.to(config);
    TimeSplit events = new TimeSplit(traffic.estate(now).iterator(), now);
    long history;
    try {
      history = preloadHistory(config, producer, pacer, events);
    } catch (RuntimeException e) {
      producer.close();
      shutdown.closeAll();
      throw e;
    }

    VigilRuntime.Started vigil;
    try {
      vigil = DetectorApp.start(config, shutdown);
    } catch (RuntimeException e) {
      // Most likely the metrics port is taken (another demo, or --http-port to choose).
      producer.close();
      shutdown.closeAll();
      err.println("vigil demo: " + e.getMessage());
      return e instanceof UncheckedIOException ? ExitCode.INVALID_INPUT : ExitCode.FAILED;
    }
    OutputWatcher watcher =
        OutputWatcher.start(
            config.clientConfig(),
            config.serdeConfig(),
            config.topics().alerts(),
            config.topics().revocations(),
            out,
            clock,
            score);
    shutdown.register("alert console", watcher);
    RunningFeed feed =
        RunningFeed.start(
            "vigil-demo-traffic",
            new EventFeed(producer, pacer, EventFeed.followingWallClock(clock)),
            producer,
            events.rest(),
            reason -> {
              if (!reason.equals("simulation finished")) {
                shutdown.requestStop(reason);
              }
            });
    shutdown.register("traffic feed", feed);

    out.printf(
        "Vigil demo: Kafka %s, metrics http://localhost:%d/metrics%n",
        kafka.bootstrapServers(), vigil.server().port());
    out.printf(
        "Traffic: %d identities, seed %d; %,d events of the last %s pre-loaded, live traffic from"
            + " now on; attacks strike 20-40 s after %s. Stops %s after Vigil has read the"
            + " history, not before every attack has played out.%n",
        identities,
        seed,
        history,
        DurationText.format(traffic.history()),
        ConsoleLines.time(now),
        DurationText.format(duration));
    out.flush();

    // The minute starts once Vigil has read the history: on a busy machine that takes a while, and
    // an alert it has not yet raised is not a miss.
    Duration caughtUp = awaitHistoryRead(vigil, history, shutdown, clock, now);
    if (caughtUp != null) {
      out.printf(
          Locale.ROOT,
          "Vigil read the history %.0f s after %s.%n",
          caughtUp.toMillis() / 1000.0,
          ConsoleLines.time(now));
      out.flush();
    }
    // Never before every attack has played out and had its judging delay: on a fast machine the
    // history is read within seconds, and the minute would end while the last attack still runs.
    Duration judgeable = Duration.between(clock.instant(), score.everyAttackJudgeable());
    String reason =
        shutdown.awaitStopRequest(judgeable.compareTo(duration) > 0 ? judgeable : duration);
    Instant stopped = clock.instant();
    long sent = feed.sent() - history;
    Timer latency = latency(vigil);
    shutdown.closeAll();
    out.printf(
        "Demo stopped (%s) %.0f s after the demo clock started: %,d live events after the history,"
            + " %,d alerts, %,d revocation commands.%n",
        reason,
        Duration.between(now, stopped).toMillis() / 1000.0,
        sent,
        watcher.alerts(),
        watcher.commands());
    score.table(stopped).forEach(out::println);
    out.printf(
        Locale.ROOT,
        "Event-to-alert latency (vigil_event_to_alert_latency_seconds): %d alerts, mean %.2f s,"
            + " max %.2f s.%n",
        latency.count(),
        latency.count() == 0 ? 0.0 : latency.mean(TimeUnit.SECONDS),
        latency.max(TimeUnit.SECONDS));
    out.flush();
    return feed.failure() == null ? 0 : 1;
  }

  /**
   * Waits until the detector has taken in every history event (its input counters), a stop is
   * requested or {@link #HISTORY_READ_LIMIT} passes.
   *
   * @return how long after {@code since} that was, or null when it did not happen
   */
  private static Duration awaitHistoryRead(
      VigilRuntime.Started vigil,
      long history,
      GracefulShutdown shutdown,
      Clock clock,
      Instant since)
      throws InterruptedException {
    Instant giveUp = clock.instant().plus(HISTORY_READ_LIMIT);
    while (!shutdown.stopRequested() && clock.instant().isBefore(giveUp)) {
      double read =
          vigil.registry().registry().find("vigil.events.in").counters().stream()
              .mapToDouble(Counter::count)
              .sum();
      if (read >= history) {
        return Duration.between(since, clock.instant());
      }
      Thread.sleep(200);
    }
    return null;
  }

  private static Timer latency(VigilRuntime.Started vigil) {
    return vigil.registry().registry().get("vigil.event.to.alert.latency").timer();
  }

  /**
   * Writes the history before the detector starts, so Kafka Streams reads it as a backlog: with
   * data waiting on every input partition it interleaves auth and token-use events by event time,
   * which it cannot do for a history arriving faster than it is consumed.
   */
  private static long preloadHistory(
      VigilConfig config, EventProducer producer, Pacer pacer, TimeSplit events)
      throws InterruptedException {
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      admin.ensure(
          TopicSpec.vigilTopics(
              config.topics(), config.topicPartitions(), config.topicReplicationFactor()),
          true);
    }
    return new EventFeed(producer, pacer, EventFeed.IMMEDIATE).run(events.before(), () -> false);
  }

  private VigilConfig config(EmbeddedKafka kafka) throws IOException {
    Path pack = rules;
    if (pack == null) {
      pack = kafka.directory().resolve("vigil-demo-pack.yaml");
      Files.writeString(pack, DemoPack.text());
    }
    return config(kafka.bootstrapServers(), pack, kafka.directory().resolve("streams-state"));
  }

  private VigilConfig config(String bootstrapServers, Path defaultPack, Path stateDir) {
    // No environment layer: a KAFKA_BOOTSTRAP_SERVERS meant for `run` must not point the demo
    // elsewhere.
    return VigilConfig.builder()
        .commandLine(
            Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "application.id",
                "vigil-demo",
                "state.dir",
                stateDir.toString(),
                VigilKey.SCHEMA_REGISTRY_URL.key(),
                REGISTRY,
                VigilKey.TOPICS_REPLICATION_FACTOR.key(),
                "1",
                VigilKey.HTTP_PORT.key(),
                Integer.toString(httpPort),
                VigilKey.OBSERVE_ONLY.key(),
                Boolean.toString(observeOnly),
                VigilKey.RULES.key(),
                (rules == null ? defaultPack : rules).toString()))
        .build();
  }
}
