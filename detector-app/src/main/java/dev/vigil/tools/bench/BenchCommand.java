package dev.vigil.tools.bench;

import dev.vigil.detector.Detectors;
import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.broker.EmbeddedKafka;
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
import java.time.Instant;
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
          "Offered load of the latency run, events per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "30",
      description = "Seconds the latency run offers load (default: ${DEFAULT-VALUE}).")
  int duration;

  @Option(
      names = "--probes-per-second",
      defaultValue = "50",
      description =
          "Latency probes (revoked-token uses) injected per second (default: ${DEFAULT-VALUE}).")
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
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A Vigil or Kafka Streams setting for both the passthrough and the detector, e.g."
              + " --set commit.interval.ms=100 (repeatable; default: Vigil's defaults).")
  Map<String, String> settings = new LinkedHashMap<>();

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
      LatencyProbe.Result latency;
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
              "detector: %,.0f events/s (%,d late events dead-lettered); latency at %,d events/s for %ds",
              detector,
              lateEvents,
              rate,
              duration);
          latency =
              new LatencyProbe(kafka.bootstrapServers(), topics, serdes)
                  .run(
                      latencyTraffic(topics, serdes),
                      rate,
                      Duration.ofSeconds(duration),
                      probesPerSecond);
          progress(
              log,
              "latency: p50 %.1f ms, p99 %.1f ms over %d of %d probes, achieved %,.0f events/s",
              latency.latencyMicros().getValueAtPercentile(50) / 1000.0,
              latency.latencyMicros().getValueAtPercentile(99) / 1000.0,
              latency.answered(),
              latency.probes(),
              latency.achievedRate());
        } finally {
          shutdown.closeAll();
        }
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
    return 0;
  }

  /** Events the detector judged later than its grace: dead-lettered, so not detector work. */
  private static long lateEvents(VigilRuntime.Started vigil) {
    return Math.round(
        vigil.registry().registry().find("vigil.events.late").counters().stream()
            .mapToDouble(Counter::count)
            .sum());
  }

  private void validate() {
    if (events < 1
        || identities < 1
        || rate < 1
        || duration < 1
        || probesPerSecond < 1
        || stateIdentities < 1
        || topologyEvents < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "bench: --events, --identities, --rate, --duration, --probes-per-second, --state-identities and"
              + " --topology-events must all be at least 1");
    }
    if (probesPerSecond > rate) {
      throw new ParameterException(
          spec.commandLine(), "bench: --probes-per-second must not exceed --rate");
    }
  }

  private VigilConfig config(String bootstrap, Path stateDir) {
    Map<String, String> commandLine = new LinkedHashMap<>(settings);
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
    return VigilConfig.builder().commandLine(commandLine).build();
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

  /** Traffic of the latency run: the next days of another estate, after the pre-loaded events. */
  /**
   * The background of the latency run: simulated traffic stamped as it is sent, so its event time
   * is the wall clock, as in production. (Sent with its simulated times, a day of traffic would
   * pass in seconds: stream time would outrun the wall clock thousands of times over, the grace
   * would shrink to milliseconds of skew between partitions and the hourly sweeps would run every
   * second.)
   */
  private Iterator<EncodedEvent> latencyTraffic(VigilTopics topics, TopologySerdes serdes) {
    int count = (int) Math.min(Integer.MAX_VALUE - 8, (long) rate * duration);
    Iterator<SpecificRecord> records =
        BenchEvents.simulate(seed + 1, identities, count, SimulationConfig.DEFAULT_START)
            .iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public EncodedEvent next() {
        return BenchEvents.encode(
            BenchEvents.happeningAt(records.next(), Instant.now()), topics, serdes);
      }
    };
  }

  private static void preload(String bootstrap, List<EncodedEvent> encoded) {
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
