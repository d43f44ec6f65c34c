package dev.vigil.tools.bench;

import dev.vigil.detector.Detectors;
import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.rules.pack.DurationText;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.lifecycle.VigilRuntime;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.tools.replay.ReplayRunner;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench --out FILE.json}: in one run on an embedded broker with the contract's serdes,
 * the throughput of a plain consume→produce and of the full detector over the same pre-loaded
 * events, event-to-alert latency at a steady offered load, state bytes per identity, and the
 * topology alone without a broker.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks Vigil on an embedded Kafka broker and writes the figures as JSON.")
public final class BenchCommand implements Callable<Integer> {

  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(15);
  private static final String REGISTRY = "mock://vigil-bench";

  /** How long the latency run waits for probes after its load stops. */
  private static final Duration LATENCY_DRAIN_WAIT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.json",
      description = "Where the results go.")
  Path out;

  @Option(
      names = "--events",
      defaultValue = "100000",
      description = "Events pre-loaded for the throughput runs (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--identities",
      defaultValue = "1000",
      description =
          "Identities of the simulated estate the traffic comes from (default: ${DEFAULT-VALUE}).")
  int identities;

  @Option(
      names = "--rate",
      defaultValue = "20000",
      description =
          "Offered load of the detector-alone latency run right after the backlog runs, events per"
              + " second, probes included (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      description = "How long the latency run offers load (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--probes-per-second",
      defaultValue = "50",
      description =
          "Latency probes per second in every live measurement: a token issued for one audience and"
              + " used at another tool, two events (default: ${DEFAULT-VALUE}).")
  int probesPerSecond;

  @Option(
      names = "--state-identities",
      defaultValue = "2000",
      description =
          "Identities simulated for a day to measure state bytes per identity (default: ${DEFAULT-VALUE}).")
  int stateIdentities;

  @Option(
      names = "--topology-events",
      defaultValue = "20000",
      description =
          "Events run through the topology alone, without a broker (default: ${DEFAULT-VALUE}).")
  int topologyEvents;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Simulation seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--quick",
      description =
          "A tiny run for tests and smoke checks: every scale option not given takes a small value"
              + " (a few seconds per phase, one repeat, latency objective 5s).")
  boolean quick;

  @Option(
      names = "--capacity",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Measure live capacity at the latency objective, for the passthrough and the detector"
              + " (--no-capacity skips it; default: on).")
  boolean capacity;

  @Option(
      names = "--scale-out",
      description =
          "Also measure scale-out: the detector's live capacity with one and with two instances"
              + " of one application at --scale-out-partitions, and the latency spike when a second"
              + " instance joins and leaves (default: off).")
  boolean scaleOut;

  @Option(
      names = "--scale-out-partitions",
      defaultValue = "6",
      description =
          "Partitions of every topic in the scale-out measurement, at least 4 (twice the"
              + " instances; default: ${DEFAULT-VALUE}).")
  int scaleOutPartitions;

  @Option(
      names = "--latency-objective",
      defaultValue = "500ms",
      description =
          "Live capacity is the highest steady rate whose p99 event-to-answer latency stays within"
              + " this (default: ${DEFAULT-VALUE}).")
  Duration latencyObjective;

  @Option(
      names = "--step-duration",
      defaultValue = "20s",
      description =
          "How long each rate of the capacity search is offered (default: ${DEFAULT-VALUE}).")
  Duration stepDuration;

  @Option(
      names = "--warm-up-events",
      defaultValue = "100000",
      description =
          "Backlog each app drains before its capacity search, not measured (default: ${DEFAULT-VALUE}).")
  int warmUpEvents;

  @Option(
      names = "--warm-up",
      defaultValue = "20s",
      description =
          "Live traffic at --start-rate after the warm-up backlog, not measured (default: ${DEFAULT-VALUE}).")
  Duration warmUp;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description =
          "Capacity searches per app; the figures are their median (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--start-rate",
      defaultValue = "1000",
      description =
          "First rate of the capacity search, events/s; it doubles until p99 misses the objective,"
              + " then bisects (default: ${DEFAULT-VALUE}).")
  int startRate;

  @Option(
      names = "--max-rate",
      defaultValue = "256000",
      description =
          "Highest rate the capacity search offers, events/s (default: ${DEFAULT-VALUE}).")
  int maxRate;

  @Option(
      names = "--search-precision",
      defaultValue = "0.15",
      description =
          "The bisection stops when the failing rate is within this fraction above the passing one"
              + " (default: ${DEFAULT-VALUE}).")
  double searchPrecision;

  /**
   * Settings for both the passthrough and the detector, as every command takes them (--config,
   * KAFKA_* / VIGIL_*, --set, e.g. --set commit.interval.ms=100); the broker and registry are the
   * bench's own.
   */
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter log = spec.commandLine().getErr();
    Path stateDir = Files.createTempDirectory("vigil-bench");
    VigilTopics topics;
    BenchResult result;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      VigilConfig config = config(kafka.bootstrapServers(), stateDir);
      topics = config.topics();
      TopologySerdes serdes = DetectorApp.serdes(config.serdeConfig());
      try (TopicAdmin topicAdmin = TopicAdmin.connect(config.clientConfig())) {
        List<TopicSpec> specs =
            new ArrayList<>(
                TopicSpec.vigilTopics(
                    topics, config.topicPartitions(), config.topicReplicationFactor()));
        // The broker creates no topic on its own: the passthrough's outputs, like the events it
        // reads.
        for (String name : List.of(Passthrough.AUTH_OUTPUT, Passthrough.USES_OUTPUT)) {
          specs.add(
              new TopicSpec(
                  name, config.topicPartitions(), config.topicReplicationFactor(), Map.of()));
        }
        topicAdmin.ensure(specs, true);
      }

      progress(log, "simulating %,d events from %,d identities", events, identities);
      List<SpecificRecord> records =
          BenchEvents.simulate(seed, identities, events, SimulationConfig.DEFAULT_START);
      Set<String> seen = new HashSet<>();
      List<EncodedEvent> encoded = new ArrayList<>(records.size());
      for (SpecificRecord record : records) {
        EncodedEvent e = BenchEvents.encode(record, topics, serdes);
        encoded.add(e);
        seen.add(new String(e.key(), StandardCharsets.UTF_8));
      }
      preload(kafka.bootstrapServers(), encoded);
      encoded = null;

      Set<String> inputs = Set.of(topics.authEvents(), topics.tokenEvents());
      double passthrough;
      double detector;
      long lateEvents;
      LiveSession.Step latency;
      try (Admin admin = Admin.create(config.clientConfig())) {
        GroupDrain drain = new GroupDrain(admin);
        progress(log, "passthrough over %,d events", records.size());
        passthrough = passthrough(config, serdes, drain, inputs, records.size());
        progress(log, "passthrough: %,.0f events/s; detector over the same events", passthrough);
        GracefulShutdown shutdown = GracefulShutdown.withoutHook();
        try {
          VigilRuntime.Started vigil = DetectorApp.start(config, shutdown);
          detector =
              Drained.eventsPerSecond(
                  vigil.streams().streams(),
                  drain,
                  config.applicationId(),
                  inputs,
                  records.size(),
                  PHASE_TIMEOUT);
          lateEvents = lateEvents(vigil);
          progress(
              log,
              "detector: %,.0f events/s (%,d late events dead-lettered); latency at %,d events/s for %s",
              detector,
              lateEvents,
              rate,
              DurationText.format(duration));
          try (LiveSession session =
              new LiveSession(
                  kafka.bootstrapServers(),
                  topics,
                  serdes,
                  LiveSession.Answer.ALERT,
                  topics.alerts(),
                  config.applicationId(),
                  liveTraffic())) {
            latency = session.step(rate, duration, probesPerSecond, null, LATENCY_DRAIN_WAIT);
          }
          progress(
              log,
              "latency: p50 %.1f ms, p99 %.1f ms over %d of %d probes, achieved %,.0f events/s",
              latency.percentileMs(50),
              latency.percentileMs(99),
              latency.answered(),
              latency.probes(),
              latency.achievedRate());
        } finally {
          shutdown.closeAll();
        }
      }

      LiveCapacity.Result live = null;
      ScaleOutReport scale = null;
      LiveCapacity harness = null;
      if (capacity || scaleOut) {
        harness =
            new LiveCapacity(
                new LiveCapacity.Settings(
                    latencyObjective,
                    stepDuration,
                    warmUpEvents,
                    warmUp,
                    repeats,
                    startRate,
                    maxRate,
                    searchPrecision,
                    probesPerSecond,
                    identities,
                    seed),
                kafka.bootstrapServers(),
                overrides -> config(kafka.bootstrapServers(), stateDir, overrides),
                stateDir,
                log);
      }
      if (capacity) {
        progress(
            log,
            "live capacity at p99 <= %d ms: %d repeat(s) of each app, %ds steps from %,d events/s,"
                + " after a warm-up of %,d events then %ds live",
            latencyObjective.toMillis(),
            repeats,
            stepDuration.toSeconds(),
            startRate,
            warmUpEvents,
            warmUp.toSeconds());
        live = harness.measure();
      }
      if (scaleOut) {
        progress(
            log,
            "scale-out: the detector with one and with two instances at %d partitions",
            scaleOutPartitions);
        scale =
            new ScaleOutReport(
                new ScaleOut(
                        harness,
                        scaleOutPartitions,
                        kafka.bootstrapServers(),
                        overrides -> config(kafka.bootstrapServers(), stateDir, overrides))
                    .measure(),
                harness.settings());
      }

      progress(
          log, "state: a day of %,d identities through each detector's logic", stateIdentities);
      StateFootprint.Result state =
          StateFootprint.measure(
              new SimulatedEstate(
                      SimulationConfig.of(
                          seed + 2, SimulationConfig.DEFAULT_START, 1, stateIdentities, 0))
                  .iterator(),
              RulePacks.defaultPack(),
              Detectors.all());
      progress(
          log,
          "state: %,.0f bytes per identity; topology alone over %,d events",
          state.bytesPerIdentity(),
          Math.min(topologyEvents, records.size()));
      List<SpecificRecord> sample = records.subList(0, Math.min(topologyEvents, records.size()));
      long began = System.nanoTime();
      new ReplayRunner(RulePacks.defaultPack(), Detectors.all(), true, Clock.systemUTC())
          .run(sample);
      double topologyOnly = sample.size() / ((System.nanoTime() - began) / 1e9);

      result =
          new BenchResult(
              records.size(),
              seen.size(),
              passthrough,
              detector,
              lateEvents,
              latency,
              live,
              scale,
              state,
              sample.size(),
              topologyOnly,
              machine());
    } finally {
      deleteQuietly(stateDir);
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String json = result.json();
    Files.writeString(out, json, StandardCharsets.UTF_8);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(json);
    stdout.flush();
    PrintWriter err = spec.commandLine().getErr();
    if (result.scaleOut() != null) {
      err.print(result.scaleOut().text());
    }
    err.print(result.targetsText());
    err.flush();
    return 0;
  }

  /** Events the detector judged later than its grace: dead-lettered, so not detector work. */
  private static long lateEvents(VigilRuntime.Started vigil) {
    return Math.round(
        vigil.registry().registry().find("vigil.events.late").counters().stream()
            .mapToDouble(Counter::count)
            .sum());
  }

  /** Small values for every scale option the command line did not give. */
  private void applyQuick() {
    if (!quick) {
      return;
    }
    var given = spec.commandLine().getParseResult();
    if (!given.hasMatchedOption("--events")) events = 2000;
    if (!given.hasMatchedOption("--identities")) identities = 40;
    if (!given.hasMatchedOption("--rate")) rate = 500;
    if (!given.hasMatchedOption("--duration")) duration = Duration.ofSeconds(2);
    if (!given.hasMatchedOption("--probes-per-second")) probesPerSecond = 10;
    if (!given.hasMatchedOption("--state-identities")) stateIdentities = 30;
    if (!given.hasMatchedOption("--topology-events")) topologyEvents = 300;
    if (!given.hasMatchedOption("--latency-objective")) latencyObjective = Duration.ofSeconds(5);
    if (!given.hasMatchedOption("--step-duration")) stepDuration = Duration.ofSeconds(1);
    if (!given.hasMatchedOption("--warm-up-events")) warmUpEvents = 500;
    if (!given.hasMatchedOption("--warm-up")) warmUp = Duration.ofSeconds(1);
    if (!given.hasMatchedOption("--repeats")) repeats = 1;
    if (!given.hasMatchedOption("--start-rate")) startRate = 200;
    if (!given.hasMatchedOption("--max-rate")) maxRate = 400;
  }

  private void validate() {
    applyQuick();
    List<String> notHere =
        java.util.stream.Stream.of("--bootstrap-servers", "--schema-registry-url", "--http-port")
            .filter(spec.commandLine().getParseResult()::hasMatchedOption)
            .toList();
    if (!notHere.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "bench: "
              + String.join(", ", notHere)
              + (notHere.size() == 1 ? " does" : " do")
              + " not apply: the bench runs its own embedded broker, in-memory registry and"
              + " metrics on a free port");
    }
    if (repeats < 1
        || warmUpEvents < 1
        || startRate < 1
        || maxRate < startRate
        || !(searchPrecision > 0 && searchPrecision < 1)
        || latencyObjective.isNegative()
        || latencyObjective.isZero()
        || stepDuration.toMillis() < 500
        || warmUp.isNegative()) {
      throw new ParameterException(
          spec.commandLine(),
          "bench: --repeats, --warm-up-events and --start-rate must be at least 1, --max-rate at"
              + " least --start-rate, --search-precision between 0 and 1, --latency-objective"
              + " positive, --step-duration at least 500ms and --warm-up not negative");
    }
    if (scaleOut && scaleOutPartitions < 4) {
      throw new ParameterException(
          spec.commandLine(),
          "bench: --scale-out-partitions must be at least 4, twice the two instances");
    }
    if ((capacity || scaleOut) && 4L * probesPerSecond > startRate) {
      throw new ParameterException(
          spec.commandLine(),
          "bench: --start-rate must be at least 4 x --probes-per-second (each probe is two events)");
    }
    if (events < 1
        || identities < 1
        || rate < 1
        || duration.toMillis() < 1000
        || probesPerSecond < 1
        || stateIdentities < 1
        || topologyEvents < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "bench: --events, --identities, --rate, --probes-per-second, --state-identities and"
              + " --topology-events must all be at least 1, --duration at least 1s");
    }
    if (2L * probesPerSecond > rate) {
      throw new ParameterException(
          spec.commandLine(),
          "bench: --rate must be at least 2 x --probes-per-second (each probe is two events)");
    }
  }

  private VigilConfig config(String bootstrap, Path stateDir) {
    return config(bootstrap, stateDir, Map.of());
  }

  /** The bench's configuration with {@code overrides} on top. */
  private VigilConfig config(String bootstrap, Path stateDir, Map<String, String> overrides) {
    Map<String, String> commandLine = new LinkedHashMap<>();
    commandLine.putAll(
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "application.id",
            "vigil-bench-detector",
            "state.dir",
            stateDir.toString(),
            "vigil.http.port",
            "0",
            "vigil.schema.registry.url",
            REGISTRY));
    commandLine.putAll(overrides);
    return options.builder().commandLine(commandLine).build();
  }

  private double passthrough(
      VigilConfig config, TopologySerdes serdes, GroupDrain drain, Set<String> inputs, long count)
      throws InterruptedException {
    Properties props = config.streamsProperties();
    String app = "vigil-bench-passthrough";
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    try (KafkaStreams streams =
        new KafkaStreams(Passthrough.topology(config.topics(), serdes), props)) {
      streams.start();
      return Drained.eventsPerSecond(streams, drain, app, inputs, count, PHASE_TIMEOUT);
    }
  }

  /**
   * The background of the latency run: another estate's traffic, as long as it is asked for, each
   * event stamped as it is sent (by {@link LiveSession}), so its event time is the wall clock, as
   * in production. (Sent with its simulated times, a day of traffic would pass in seconds: stream
   * time would outrun the wall clock thousands of times over, the grace would shrink to
   * milliseconds of skew between partitions and the hourly sweeps would run every second.)
   */
  private Iterator<SpecificRecord> liveTraffic() {
    return new SimulatedEstate(
            SimulationConfig.of(seed + 1, SimulationConfig.DEFAULT_START, 3650, identities, 0))
        .iterator();
  }

  static void preload(String bootstrap, List<EncodedEvent> encoded) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (EncodedEvent e : encoded) {
        producer.send(new ProducerRecord<>(e.topic(), e.key(), e.value()));
      }
      producer.flush();
    }
  }

  private static Map<String, String> machine() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("available_processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("java_version", System.getProperty("java.version"));
    m.put(
        "java_vm",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put("max_heap_mb", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
    return m;
  }

  private static void progress(PrintWriter log, String format, Object... args) {
    log.printf(Locale.ROOT, "bench: " + format + "%n", args);
    log.flush();
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless; the results stand.
    }
  }
}
