package dev.vigil.tools.bench;

import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.lifecycle.VigilRuntime;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.tools.bench.CapacitySearch.Verdict;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Live capacity at a latency objective, for the passthrough and the detector alike: the highest
 * steady offered rate at which p99 event→answer latency stays within the objective, found by a
 * {@link CapacitySearch} of {@link LiveSession} steps, after a warm-up that is not measured (a
 * backlog, then live traffic), repeated so the figure is a median. Each run of each app has topics,
 * application id and state of its own, and both apps are offered the same traffic and probes.
 *
 * <p>A repeat runs the passthrough first (its search, then a step at half its capacity), then the
 * detector (a step at that same rate right after its warm-up, then its search), so both apps'
 * latencies at half the passthrough's capacity are measured at one rate in one repeat.
 */
final class LiveCapacity {

  static final String PASSTHROUGH = "passthrough";
  static final String DETECTOR = "detector";

  /** Every knob of the live capacity measurement. */
  record Settings(
      Duration objective,
      Duration stepDuration,
      int warmUpEvents,
      Duration warmUpLive,
      int repeats,
      int startRate,
      int maxRate,
      double precision,
      int probesPerSecond,
      int identities,
      long seed) {

    /** The lowest rate the search tries: probes must stay a small part of the traffic. */
    int minRate() {
      return Math.max(4 * probesPerSecond, startRate / 8);
    }
  }

  /** One step of a search, with its verdict. */
  record Tried(int rate, LiveSession.Step step, boolean pass) {}

  /**
   * One app's run in one repeat.
   *
   * @param halfRate the rate of {@code atHalf}: half the passthrough's capacity in this repeat
   * @param atHalf the step at {@code halfRate}, or null when the passthrough's capacity was 0
   * @param atCapacity the passing step at the capacity, or null when no step passed
   */
  record AppRun(
      String app,
      int repeat,
      CapacitySearch.Outcome search,
      List<Tried> steps,
      double warmUpBacklogEventsPerSec,
      int halfRate,
      LiveSession.Step atHalf,
      LiveSession.Step atCapacity,
      double loadBefore,
      double loadAfter) {

    int capacity() {
      return search.capacity();
    }
  }

  record Repeat(AppRun passthrough, AppRun detector) {}

  record Result(Settings settings, List<Repeat> repeats) {

    List<AppRun> runs(String app) {
      return repeats.stream()
          .map(r -> app.equals(PASSTHROUGH) ? r.passthrough() : r.detector())
          .toList();
    }

    double capacity(String app) {
      return median(runs(app), AppRun::capacity);
    }

    /** detector / passthrough, of the medians; 0 when the passthrough sustained nothing. */
    double ratio() {
      double passthrough = capacity(PASSTHROUGH);
      return passthrough == 0 ? 0 : capacity(DETECTOR) / passthrough;
    }

    double halfRate() {
      return median(runs(PASSTHROUGH), AppRun::halfRate);
    }

    /** Median over repeats of a percentile at half the passthrough's capacity; NaN if none. */
    double atHalfMs(String app, double percentile) {
      List<AppRun> measured = runs(app).stream().filter(r -> r.atHalf() != null).toList();
      return measured.isEmpty()
          ? Double.NaN
          : median(measured, r -> r.atHalf().percentileMs(percentile));
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> value) {
      List<Double> values = new ArrayList<>();
      items.forEach(i -> values.add(value.applyAsDouble(i)));
      if (values.isEmpty()) {
        return Double.NaN;
      }
      Collections.sort(values);
      int n = values.size();
      return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
  }

  static final Duration PHASE_TIMEOUT = Duration.ofMinutes(15);

  private final Settings settings;
  private final String bootstrap;
  private final Function<Map<String, String>, VigilConfig> configs;
  private final Path stateDir;
  private final PrintWriter log;
  private final List<SpecificRecord> warmUpBacklog;

  /**
   * @param configs the bench's configuration (its --set settings) with the given keys overriding
   */
  LiveCapacity(
      Settings settings,
      String bootstrap,
      Function<Map<String, String>, VigilConfig> configs,
      Path stateDir,
      PrintWriter log) {
    this.settings = settings;
    this.bootstrap = bootstrap;
    this.configs = configs;
    this.stateDir = stateDir;
    this.log = log;
    this.warmUpBacklog =
        BenchEvents.simulate(
            settings.seed(),
            settings.identities(),
            settings.warmUpEvents(),
            SimulationConfig.DEFAULT_START);
  }

  Settings settings() {
    return settings;
  }

  Result measure() throws InterruptedException {
    List<Repeat> repeats = new ArrayList<>();
    for (int repeat = 1; repeat <= settings.repeats(); repeat++) {
      AppRun passthrough = run(PASSTHROUGH, repeat, -1);
      AppRun detector = run(DETECTOR, repeat, passthrough.halfRate());
      repeats.add(new Repeat(passthrough, detector));
      progress(
          "repeat %d: passthrough %,d events/s, detector %,d events/s at p99 <= %d ms (ratio %.2f)",
          repeat,
          passthrough.capacity(),
          detector.capacity(),
          settings.objective().toMillis(),
          passthrough.capacity() == 0
              ? 0.0
              : detector.capacity() / (double) passthrough.capacity());
    }
    return new Result(settings, List.copyOf(repeats));
  }

  /**
   * @param halfRate the detector's common rate (half this repeat's passthrough capacity), or -1 for
   *     the passthrough, which measures it
   */
  /**
   * An app's own topics and configuration under test.
   *
   * @param prefix every topic of the app starts with it (and its internal topics with the id)
   * @param keys the app's configuration over the bench's own, to derive an instance's from
   */
  record AppTopics(
      String appId,
      String prefix,
      Map<String, String> keys,
      VigilConfig config,
      VigilTopics topics,
      TopologySerdes serdes,
      Set<String> inputs) {}

  /**
   * Creates an app's topics (Vigil's, and {@code extraTopics} under the prefix) and waits for their
   * leaders.
   *
   * @param overrides configuration over the bench's own for this app, e.g. its partition count
   */
  AppTopics createTopics(
      String appId, String prefix, Map<String, String> overrides, List<String> extraTopics)
      throws InterruptedException {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("application.id", appId);
    keys.put("state.dir", stateDir.resolve(appId).toString());
    keys.put("vigil.topic.auth.events", prefix + "auth-events");
    keys.put("vigil.topic.token.events", prefix + "token-events");
    keys.put("vigil.topic.alerts", prefix + "alerts");
    keys.put("vigil.topic.revocations", prefix + "revocations");
    keys.put("vigil.topic.rules", prefix + "rules");
    keys.put("vigil.topic.dlq", prefix + "dlq");
    keys.putAll(overrides);
    VigilConfig config = configs.apply(keys);
    VigilTopics topics = config.topics();
    List<TopicSpec> specs =
        new ArrayList<>(
            TopicSpec.vigilTopics(
                topics, config.topicPartitions(), config.topicReplicationFactor()));
    for (String name : extraTopics) {
      specs.add(
          new TopicSpec(name, config.topicPartitions(), config.topicReplicationFactor(), Map.of()));
    }
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      admin.ensure(specs, true);
    }
    try (Admin admin = harnessAdmin(config)) {
      awaitLeaders(admin, specs.stream().map(TopicSpec::name).toList());
    }
    return new AppTopics(
        appId,
        prefix,
        Map.copyOf(keys),
        config,
        topics,
        DetectorApp.serdes(config.serdeConfig()),
        Set.of(topics.authEvents(), topics.tokenEvents()));
  }

  /** The harness's admin client on the app's cluster: its threads count as the harness's. */
  static Admin harnessAdmin(VigilConfig config) {
    Map<String, Object> adminConfig = new HashMap<>(config.clientConfig());
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, LiveSession.HARNESS_CLIENT + "-admin");
    return Admin.create(adminConfig);
  }

  /** Writes the warm-up backlog to the app's input topics. */
  void preloadWarmUp(AppTopics app) {
    List<EncodedEvent> backlog = new ArrayList<>(warmUpBacklog.size());
    for (SpecificRecord record : warmUpBacklog) {
      backlog.add(BenchEvents.encode(record, app.topics(), app.serdes()));
    }
    BenchCommand.preload(bootstrap, backlog);
  }

  int warmUpEvents() {
    return warmUpBacklog.size();
  }

  private AppRun run(String app, int repeat, int halfRate) throws InterruptedException {
    double loadBefore = CoreUsage.loadAverage();
    String appId = "vigil-bench-live-" + app + "-" + repeat;
    String prefix = "vigil-bench-live." + app + "-" + repeat + ".";
    String authCopies = prefix + "passthrough.auth";
    String useCopies = prefix + "passthrough.token-use";
    AppTopics created =
        createTopics(
            appId,
            prefix,
            Map.of(),
            app.equals(PASSTHROUGH) ? List.of(authCopies, useCopies) : List.of());
    VigilConfig config = created.config();
    VigilTopics topics = created.topics();
    TopologySerdes serdes = created.serdes();
    Set<String> inputs = created.inputs();
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();
    try (Admin admin = harnessAdmin(config)) {
      preloadWarmUp(created);
      GroupDrain drain = new GroupDrain(admin);
      KafkaStreams streams;
      if (app.equals(PASSTHROUGH)) {
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        streams =
            new KafkaStreams(Passthrough.topology(topics, serdes, authCopies, useCopies), props);
        shutdown.register("passthrough", streams::close);
        streams.start();
      } else {
        VigilRuntime.Started vigil = DetectorApp.start(config, shutdown);
        streams = vigil.streams().streams();
      }
      double backlogRate =
          Drained.eventsPerSecond(
              streams, drain, appId, inputs, warmUpBacklog.size(), PHASE_TIMEOUT);
      progress(
          "%s run %d: warm-up backlog of %,d events drained at %,.0f events/s; %ds live at %,d events/s",
          app,
          repeat,
          warmUpBacklog.size(),
          backlogRate,
          settings.warmUpLive().toSeconds(),
          settings.startRate());
      try (LiveSession session =
          new LiveSession(
              bootstrap,
              topics,
              serdes,
              app.equals(PASSTHROUGH) ? LiveSession.Answer.COPY : LiveSession.Answer.ALERT,
              app.equals(PASSTHROUGH) ? useCopies : topics.alerts(),
              appId,
              liveTraffic())) {
        Duration wait = settings.objective().plus(Duration.ofSeconds(1));
        Duration drainTimeout = drainTimeout();
        session.step(
            settings.startRate(), settings.warmUpLive(), settings.probesPerSecond(), null, wait);

        LiveSession.Step atHalf = null;
        if (halfRate >= 1 && drained(drain, appId, inputs, drainTimeout)) {
          atHalf = halfStep(session, app, halfRate);
          // Far above its capacity, the detector leaves a backlog of up to a step's worth of
          // traffic: the search starts once that is drained, however long it takes.
          drained(drain, appId, inputs, PHASE_TIMEOUT);
        }
        List<Tried> steps = new ArrayList<>();
        CapacitySearch.Outcome outcome =
            search(session, drain, app + " run " + repeat, appId, inputs, steps);
        if (app.equals(PASSTHROUGH)) {
          halfRate = outcome.capacity() / 2;
          if (halfRate >= 1 && drained(drain, appId, inputs, drainTimeout)) {
            atHalf = halfStep(session, app, halfRate);
          }
        }
        LiveSession.Step atCapacity =
            steps.stream()
                .filter(t -> t.pass() && t.rate() == outcome.capacity())
                .map(Tried::step)
                .reduce((a, b) -> b)
                .orElse(null);
        return new AppRun(
            app,
            repeat,
            outcome,
            List.copyOf(steps),
            backlogRate,
            Math.max(0, halfRate),
            atHalf,
            atCapacity,
            loadBefore,
            CoreUsage.loadAverage());
      }
    } finally {
      shutdown.closeAll();
      deleteTopics(config, prefix, appId);
    }
  }

  /**
   * A capacity search of the app {@code session} offers load to, each step after the app has caught
   * up; every step tried is added to {@code steps}.
   */
  CapacitySearch.Outcome search(
      LiveSession session,
      GroupDrain drain,
      String label,
      String appId,
      Set<String> inputs,
      List<Tried> steps)
      throws InterruptedException {
    Duration wait = settings.objective().plus(Duration.ofSeconds(1));
    Duration drainTimeout = drainTimeout();
    return new CapacitySearch(
            settings.startRate(),
            Math.min(settings.minRate(), settings.startRate()),
            settings.maxRate(),
            settings.precision())
        .run(
            rate -> {
              if (!drained(drain, appId, inputs, drainTimeout)) {
                return Verdict.ABANDON;
              }
              LiveSession.Step step =
                  session.step(
                      rate,
                      settings.stepDuration(),
                      settings.probesPerSecond(),
                      settings.objective(),
                      wait);
              boolean pass = step.meets(settings.objective());
              steps.add(new Tried(rate, step, pass));
              progress(
                  "%s: %,d events/s offered (%,.0f achieved): p50 %,.0f ms, p99 %s%,.0f ms,"
                      + " %d/%d probes answered%s -> %s",
                  label,
                  rate,
                  step.achievedRate(),
                  step.percentileMs(50),
                  step.aborted() ? ">" : "",
                  step.percentileMs(99),
                  step.answered(),
                  step.probes(),
                  step.aborted() ? ", stopped early" : "",
                  pass ? "within" : step.harnessLimited() ? "harness short" : "over");
              return pass ? Verdict.PASS : Verdict.FAIL;
            });
  }

  /** How long an app may take to catch up before a step: longer than any step's backlog needs. */
  Duration drainTimeout() {
    return Duration.ofSeconds(Math.max(60, 3 * settings.stepDuration().toSeconds()));
  }

  private LiveSession.Step halfStep(LiveSession session, String app, int rate) {
    LiveSession.Step step =
        session.step(
            rate,
            settings.stepDuration(),
            settings.probesPerSecond(),
            null,
            Duration.ofSeconds(30));
    progress(
        "%s at %,d events/s (half the passthrough's capacity): p50 %,.0f ms, p99 %,.0f ms, %d/%d"
            + " probes answered; cores %s",
        app,
        rate,
        step.percentileMs(50),
        step.percentileMs(99),
        step.answered(),
        step.probes(),
        step.cores());
    return step;
  }

  /** The background: an estate's traffic for as long as it is asked for, lazily. */
  java.util.Iterator<SpecificRecord> liveTraffic() {
    return new SimulatedEstate(
            SimulationConfig.of(
                settings.seed() + 1,
                SimulationConfig.DEFAULT_START,
                3650,
                settings.identities(),
                0))
        .iterator();
  }

  /** New topics take a moment to get leaders; producing before that only logs warnings. */
  private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        boolean ready =
            admin.describeTopics(names).allTopicNames().get().values().stream()
                .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null));
        if (ready) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // not known yet
      }
      Thread.sleep(50);
    }
  }

  boolean drained(GroupDrain drain, String appId, Set<String> inputs, Duration timeout)
      throws InterruptedException {
    try {
      drain.await(appId, inputs, timeout);
      return true;
    } catch (IllegalStateException e) {
      progress("%s did not catch up, the search stops here: %s", appId, e.getMessage());
      return false;
    }
  }

  void deleteTopics(VigilConfig config, String prefix, String appId) {
    Map<String, Object> adminConfig = new HashMap<>(config.clientConfig());
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, LiveSession.HARNESS_CLIENT + "-cleanup");
    try (Admin admin = Admin.create(adminConfig)) {
      List<String> names =
          admin.listTopics().names().get().stream()
              .filter(n -> n.startsWith(prefix) || n.startsWith(appId + "-"))
              .toList();
      admin.deleteTopics(names).all().get();
    } catch (Exception e) {
      progress("could not delete the topics of %s (harmless): %s", appId, e);
    }
  }

  void progress(String format, Object... args) {
    log.printf(Locale.ROOT, "bench: " + format + "%n", args);
    log.flush();
  }
}
