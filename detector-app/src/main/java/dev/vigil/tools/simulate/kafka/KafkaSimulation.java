package dev.vigil.tools.simulate.kafka;

import dev.vigil.rules.pack.DurationText;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilConfigException;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.topics.ClusterUnreachableException;
import dev.vigil.runtime.topics.MissingTopicsException;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.tools.simulate.EstateSeries;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil simulate --bootstrap-servers ...}: the estate produced to Kafka as the demo feeds it
 * ({@link LiveFeed}): its history (everything before now, the warm-up by default) at full speed,
 * stamped in the past, then live events as the wall clock reaches them, until its days are over
 * (or, with {@code --forever}, until Ctrl-C or {@code --duration}). {@code --rate} caps both. Exit
 * codes as {@code vigil run}: 2 for a bad setting, 3 when the cluster is unreachable or the input
 * topics are missing.
 */
public final class KafkaSimulation {

  private final CommandSpec spec;
  private final ConfigOptions options;
  private final Double rate;
  private final boolean forever;
  private final Duration duration;
  private final boolean transactions;
  private final Clock clock;

  /**
   * @param options the cluster, registry and client settings (--config, KAFKA_* / VIGIL_*, --set)
   * @param rate events per second at most, or null for no limit
   * @param duration stop after this long, or null to run until the simulation ends (or Ctrl-C)
   * @param transactions write in transactions (see {@link EventProducer}), so a running detector
   *     reads the history as it reads a backlog
   */
  public KafkaSimulation(
      CommandSpec spec,
      ConfigOptions options,
      Double rate,
      boolean forever,
      Duration duration,
      boolean transactions) {
    this.spec = spec;
    this.options = options;
    this.rate = rate;
    this.forever = forever;
    this.duration = duration;
    this.transactions = transactions;
    this.clock = Clock.systemUTC();
  }

  /**
   * @param estate the estate of {@code simulation}, campaigns timed as asked (unused with {@code
   *     --forever}, whose series plans each day itself)
   */
  public int run(SimulationConfig simulation, Supplier<SimulatedEstate> estate)
      throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    VigilConfig config;
    Pacer pacer;
    try {
      config = options.load();
      pacer = rate == null ? Pacer.unlimited() : Pacer.perSecond(rate);
    } catch (VigilConfigException | IllegalArgumentException e) {
      err.println("vigil simulate: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    try {
      ensureInputTopics(config);
    } catch (ClusterUnreachableException | MissingTopicsException e) {
      err.println("vigil simulate: " + e.getMessage());
      return ExitCode.CLUSTER_PROBLEM;
    }

    GracefulShutdown shutdown = GracefulShutdown.install();
    EventProducer producer;
    try {
      producer = EventProducer.to(config, transactions ? EventProducer.TRANSACTION_SPAN : null);
    } catch (IllegalStateException e) {
      err.println("vigil simulate: " + e.getMessage());
      return ExitCode.FAILED;
    }
    Iterator<SpecificRecord> events =
        forever ? new EstateSeries(simulation) : estate.get().iterator();
    err.printf(
        "Producing %s of %d identities from %s to %s and %s on %s: the history before now at %s,"
            + " then live traffic as the clock reaches it%s.%n",
        forever ? "day after day" : simulation.days() + " days",
        simulation.identities(),
        simulation.start(),
        config.topics().authEvents(),
        config.topics().tokenEvents(),
        config.bootstrapServers(),
        rate == null ? "full speed" : String.format(Locale.ROOT, "%.0f events/s", rate),
        duration != null
            ? "; stops after " + DurationText.format(duration)
            : forever ? "; Ctrl-C stops" : "");
    err.flush();
    LiveFeed live = new LiveFeed(producer, pacer, clock);
    long began = System.nanoTime();
    RunningFeed feed =
        RunningFeed.start(
            "vigil-simulate",
            producer,
            stopped ->
                live.run(
                    events,
                    stopped,
                    (history, now) -> historySent(err, simulation, history, now, began)),
            shutdown::requestStop);
    shutdown.register("traffic feed", feed);
    String reason = shutdown.awaitStopRequest(duration);
    shutdown.closeAll();
    err.printf("Stopped (%s) after %,d events.%n", reason, feed.sent());
    return feed.failure() == null ? 0 : 1;
  }

  private void historySent(
      PrintWriter err, SimulationConfig simulation, long history, Instant now, long began) {
    Instant campaigns = simulation.start().plus(simulation.warmUp());
    String live;
    if (!forever && !simulation.end().isAfter(now)) {
      live = "the simulated days ended before now, so nothing is live";
    } else if (campaigns.isAfter(now)) {
      live = "live traffic follows the clock, campaigns from " + campaigns;
    } else {
      live = "live traffic follows the clock";
    }
    err.printf(
        Locale.ROOT,
        "History: %,d events before %s sent in %.1f s; %s.%n",
        history,
        now.truncatedTo(ChronoUnit.SECONDS),
        (System.nanoTime() - began) / 1e9,
        live);
    err.flush();
  }

  private static void ensureInputTopics(VigilConfig config) {
    Set<String> inputs = Set.of(config.topics().authEvents(), config.topics().tokenEvents());
    List<TopicSpec> specs =
        TopicSpec.vigilTopics(
                config.topics(), config.topicPartitions(), config.topicReplicationFactor())
            .stream()
            .filter(topic -> inputs.contains(topic.name()))
            .toList();
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      admin.ensure(specs, config.createTopics());
    }
  }
}
