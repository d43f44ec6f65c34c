package dev.vigil.tools.bench;

import dev.vigil.runtime.config.VigilConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Scale-out, measured: the detector's live capacity with one instance and with two instances of the
 * same application (each its own state directory and Kafka Streams, in this JVM, on the same
 * broker), at the same input partition count, by the same {@link LiveCapacity} search and probes;
 * and what a rebalance costs ({@link RebalanceStep}): a second instance joining the warm
 * one-instance app under steady load at half its capacity, then leaving.
 *
 * <p>One setting differs from a deployment's: unless the bench is given its own, {@code
 * probing.rebalance.interval.ms} is Kafka's minimum, 1 minute, instead of its default 10. A joining
 * instance first restores the state of the tasks it is to take as warm-up replicas while the old
 * owner keeps processing them; they move at the next probing rebalance once caught up. The shorter
 * interval only brings that move sooner, so a run stays minutes long.
 */
final class ScaleOut {

  static final String APP = "vigil-bench-scale-";
  static final long BENCH_PROBING_MS = 60_000;

  /**
   * One app's search.
   *
   * @param tasksAtStart each instance's tasks before the warm-up (the assignment split)
   * @param tasksAtEnd each instance's tasks after the search
   */
  record Capacity(
      int instances,
      CapacitySearch.Outcome search,
      List<LiveCapacity.Tried> steps,
      List<DetectorInstance.Tasks> tasksAtStart,
      List<DetectorInstance.Tasks> tasksAtEnd) {

    int capacity() {
      return search.capacity();
    }

    /** The passing step at the capacity, or null when none passed. */
    LiveCapacity.Tried atCapacity() {
      return steps.stream()
          .filter(t -> t.pass() && t.rate() == capacity())
          .reduce((a, b) -> b)
          .orElse(null);
    }
  }

  /**
   * @param probingMs the probing rebalance interval the instances ran with
   */
  record Result(
      int partitions,
      long probingMs,
      Capacity one,
      Capacity two,
      RebalanceStep.Result rebalance,
      double loadBefore,
      double loadAfter) {

    /** two / one; 0 when one instance sustained nothing. */
    double ratio() {
      return one.capacity() == 0 ? 0 : two.capacity() / (double) one.capacity();
    }
  }

  private final LiveCapacity live;
  private final int partitions;
  private final String bootstrap;
  private final Function<Map<String, String>, VigilConfig> configs;

  /**
   * @param live the live harness (its settings: steps, warm-up, objective, probes)
   * @param partitions of every topic of the apps under test: at least twice the instances
   * @param configs the bench's configuration with the given keys overriding
   */
  ScaleOut(
      LiveCapacity live,
      int partitions,
      String bootstrap,
      Function<Map<String, String>, VigilConfig> configs) {
    this.live = live;
    this.partitions = partitions;
    this.bootstrap = bootstrap;
    this.configs = configs;
  }

  Result measure() throws InterruptedException {
    double loadBefore = CoreUsage.loadAverage();
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("vigil.topics.partitions", Integer.toString(partitions));
    String probing = StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG;
    Object given = configs.apply(Map.of()).streamsProperties().get(probing);
    long probingMs = given == null ? BENCH_PROBING_MS : Long.parseLong(given.toString());
    overrides.put(probing, Long.toString(probingMs));

    // Two instances first: whatever the JVM still has to warm up (JIT) then weighs on them, so the
    // gain measured is if anything understated.
    Capacity two;
    LiveCapacity.AppTopics app2 = live.createTopics(APP + "2", APP + "2.", overrides, List.of());
    List<DetectorInstance> pair = new ArrayList<>();
    try (Admin admin = LiveCapacity.harnessAdmin(app2.config());
        LiveSession session = session(app2)) {
      GroupDrain drain = new GroupDrain(admin);
      pair.add(DetectorInstance.start(app2, 1, configs));
      pair.add(DetectorInstance.start(app2, 2, configs));
      two = capacity(app2, pair, session, drain);
    } finally {
      pair.forEach(DetectorInstance::close);
      live.deleteTopics(app2.config(), app2.prefix(), app2.appId());
    }

    Capacity one;
    RebalanceStep.Result rebalance;
    LiveCapacity.AppTopics app1 = live.createTopics(APP + "1", APP + "1.", overrides, List.of());
    List<DetectorInstance> running = new ArrayList<>();
    try (Admin admin = LiveCapacity.harnessAdmin(app1.config());
        LiveSession session = session(app1)) {
      GroupDrain drain = new GroupDrain(admin);
      running.add(DetectorInstance.start(app1, 1, configs));
      one = capacity(app1, running, session, drain);
      int rate = Math.max(live.settings().minRate(), one.capacity() / 2);
      live.drained(drain, app1.appId(), app1.inputs(), LiveCapacity.PHASE_TIMEOUT);
      // Kafka moves at most max.warmup.replicas (2 by default) warmed-up tasks per probing
      // rebalance: taking half of six tasks can take two rounds.
      Duration joinTimeout =
          Duration.ofMillis(3 * probingMs)
              .plus(
                  Duration.ofSeconds(Math.max(60, 3 * live.settings().stepDuration().toSeconds())));
      rebalance =
          new RebalanceStep(
                  session,
                  app1.appId(),
                  running.get(0),
                  () -> DetectorInstance.start(app1, 2, configs),
                  threads(app1.appId()),
                  live.settings(),
                  joinTimeout,
                  live)
              .run(rate);
    } finally {
      running.forEach(DetectorInstance::close);
      live.deleteTopics(app1.config(), app1.prefix(), app1.appId());
    }
    live.progress(
        "scale-out at %d partitions: one instance %,d events/s, two instances %,d events/s at p99"
            + " <= %d ms",
        partitions, one.capacity(), two.capacity(), live.settings().objective().toMillis());
    return new Result(
        partitions, probingMs, one, two, rebalance, loadBefore, CoreUsage.loadAverage());
  }

  /**
   * Waits until every instance runs with tasks of its own, then warms the app up (backlog, then
   * live traffic) and searches its capacity.
   */
  private Capacity capacity(
      LiveCapacity.AppTopics app,
      List<DetectorInstance> instances,
      LiveSession session,
      GroupDrain drain)
      throws InterruptedException {
    // The backlog is written only once every instance holds tasks: an instance that joined a
    // group whose tasks already had state would get warm-up replicas, not tasks, until the next
    // probing rebalance.
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline
        && !instances.stream().allMatch(i -> i.running() && i.tasks().active() > 0)) {
      Thread.sleep(100);
    }
    List<DetectorInstance.Tasks> atStart = instances.stream().map(DetectorInstance::tasks).toList();
    String label = instances.size() == 1 ? "one instance" : instances.size() + " instances";
    live.preloadWarmUp(app);
    live.drained(drain, app.appId(), app.inputs(), LiveCapacity.PHASE_TIMEOUT);
    LiveCapacity.Settings settings = live.settings();
    live.progress(
        "scale-out, %s at %d partitions (tasks %s): warm-up of %,d events drained; %ds live at %,d"
            + " events/s",
        label,
        partitions,
        atStart,
        live.warmUpEvents(),
        settings.warmUpLive().toSeconds(),
        settings.startRate());
    if (!settings.warmUpLive().isZero()) {
      session.step(
          settings.startRate(),
          settings.warmUpLive(),
          settings.probesPerSecond(),
          null,
          settings.objective().plus(Duration.ofSeconds(1)));
    }
    List<LiveCapacity.Tried> steps = new ArrayList<>();
    CapacitySearch.Outcome outcome =
        live.search(session, drain, "scale-out, " + label, app.appId(), app.inputs(), steps);
    return new Capacity(
        instances.size(),
        outcome,
        List.copyOf(steps),
        atStart,
        instances.stream().map(DetectorInstance::tasks).toList());
  }

  private LiveSession session(LiveCapacity.AppTopics app) {
    return new LiveSession(
        bootstrap,
        app.topics(),
        app.serdes(),
        LiveSession.Answer.ALERT,
        app.topics().alerts(),
        app.appId(),
        threads(app.appId()),
        live.liveTraffic());
  }

  /** Cores of each instance's threads, by its client id. */
  private static Map<String, String> threads(String appId) {
    Map<String, String> threads = new LinkedHashMap<>();
    for (int n = 1; n <= 2; n++) {
      threads.put("app_instance_" + n, DetectorInstance.clientId(appId, n));
    }
    return threads;
  }
}
