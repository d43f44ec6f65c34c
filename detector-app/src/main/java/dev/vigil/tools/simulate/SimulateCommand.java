package dev.vigil.tools.simulate;

import dev.vigil.events.json.EventJson;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.tools.simulate.kafka.KafkaSimulation;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code vigil simulate}: writes a simulated estate's events and campaign labels as JSON lines, or
 * produces the events to Kafka (without them): the history before now at full speed, then live
 * traffic following the wall clock.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generates a reproducible estate of non-human identities with labelled attack campaigns and benign look-alikes.",
      "File mode (--out, --labels): events in event-time order as contract JSON lines; labels one line per campaign.",
      "Kafka mode (without --out and --labels): AuthEvent and TokenUseEvent records, Confluent Avro, keyed by identity_id,"
          + " to the contract's input topics, as the demo feeds them: the simulation starts --warm-up before now;"
          + " its history (everything before now) goes out first at full speed, stamped in the past, then live"
          + " traffic follows the wall clock, each event sent when the clock reaches its event time (never ahead"
          + " of it). --forever keeps simulating new days."
    },
    footer = {
      "%nExamples:",
      "  vigil simulate --out events.jsonl --labels labels.jsonl --days 3 --identities 300",
      "  vigil simulate --bootstrap-servers localhost:9092 --schema-registry-url http://localhost:8081 \\",
      "      --identities 50 --forever",
      "%nKafka mode takes the cluster, registry and client settings as every command does: --config,"
          + " KAFKA_* and VIGIL_* environment variables (e.g. KAFKA_SECURITY_PROTOCOL,"
          + " VIGIL_TOPIC_AUTH_EVENTS) and --set KEY=VALUE."
    })
public final class SimulateCommand implements Callable<Integer> {

  /** Large estates take minutes: say how far event time has got now and then. */
  private static final long PROGRESS_EVERY = 1_000_000;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Events file (JSON lines); file mode.")
  Path out;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description = "Campaign labels file (JSON lines); file mode.")
  Path labels;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_SECOND",
      description =
          "Kafka mode: at most this many events per second, evenly spaced, for the history and live"
              + " traffic alike (default: no limit: the history at full speed, live traffic at the"
              + " pace of the clock).")
  Double rate;

  @Option(
      names = "--forever",
      description =
          "Kafka mode: when the simulated days are over, simulate the next ones (next seed), until Ctrl-C.")
  boolean forever;

  @Option(
      names = "--no-transactions",
      description =
          "Kafka mode: send without transactions. By default events go out in short transactions, so"
              + " a detector already running reads the history as a backlog (both topics up to the"
              + " same time) rather than one topic hours ahead of the other; on a secured cluster"
              + " that needs WRITE on the transactional ids vigil-simulate-*.")
  boolean noTransactions;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Kafka mode: stop after this long (e.g. 60s, 10m); default: when the days end.")
  Duration duration;

  /** Kafka mode's cluster, registry and client settings, as every command takes them. */
  @Mixin ConfigOptions options;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Random seed; the same options give the same files (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--days",
      defaultValue = "3",
      description = "Days of event time (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--identities",
      defaultValue = "300",
      description = "Identities in the estate (default: ${DEFAULT-VALUE}).")
  int identities;

  @Option(
      names = "--attacks-per-detection",
      defaultValue = "8",
      description =
          "Attack campaigns per detection, plus as many benign look-alikes (default: ${DEFAULT-VALUE}).")
  int attacksPerDetection;

  @Option(
      names = "--start",
      paramLabel = "ISO-8601",
      description =
          "Event time the simulation starts (default: 2026-11-02T00:00:00Z in file mode; in Kafka mode now"
              + " minus the warm-up, so campaigns begin about now).")
  Instant start;

  @Option(
      names = "--warm-up",
      paramLabel = "DURATION",
      description = "Campaign-free period at the start (e.g. 36h, 7d); default: half of --days.")
  Duration warmUp;

  @Option(
      names = "--campaigns-within",
      paramLabel = "DURATION",
      description =
          "Every attack strikes (its first malicious event) within this long after the warm-up (e.g."
              + " 1m), so a quick look sees them all; default: attacks spread over the days after the"
              + " warm-up.")
  Duration campaignsWithin;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    boolean kafka = out == null && labels == null;
    if (!kafka && (out == null || labels == null)) {
      throw new ParameterException(
          spec.commandLine(),
          "simulate: file mode needs both --out FILE and --labels FILE; without them it produces"
              + " to Kafka");
    }
    List<String> kafkaOnly =
        matched(
            "--config",
            "--bootstrap-servers",
            "--schema-registry-url",
            "--set",
            "--forever",
            "--rate",
            "--duration",
            "--no-transactions");
    if (!kafka && !kafkaOnly.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "simulate: "
              + String.join(", ", kafkaOnly)
              + (kafkaOnly.size() == 1 ? " applies" : " apply")
              + " to Kafka mode only (without --out and --labels)");
    }
    List<String> detectorOnly = matched("--http-port", "--observe-only", "--rules");
    if (!detectorOnly.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "simulate: "
              + String.join(", ", detectorOnly)
              + (detectorOnly.size() == 1 ? " applies" : " apply")
              + " to the detector (vigil run)");
    }
    Duration warm = warmUp != null ? warmUp : Duration.ofDays(Math.max(days, 0)).dividedBy(2);
    Instant first =
        start != null
            ? start
            : kafka
                ? Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(warm)
                : SimulationConfig.DEFAULT_START;
    if (campaignsWithin != null && forever) {
      throw new ParameterException(
          spec.commandLine(),
          "simulate: --campaigns-within times the campaigns of one run's days, not of --forever");
    }
    SimulationConfig config;
    Supplier<SimulatedEstate> estate;
    try {
      config = new SimulationConfig(seed, first, days, identities, attacksPerDetection, warm);
      estate = estate(config);
      estate.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "simulate: " + e.getMessage(), e);
    }
    if (kafka) {
      return new KafkaSimulation(spec, options, rate, forever, duration, !noTransactions)
          .run(config, estate);
    }
    return writeFiles(estate.get());
  }

  /** Fresh estates of {@code config} (each is single use), campaigns timed as the options say. */
  private Supplier<SimulatedEstate> estate(SimulationConfig config) {
    if (campaignsWithin == null) {
      return () -> new SimulatedEstate(config);
    }
    Instant from = config.start().plus(config.warmUp());
    Instant until = from.plus(campaignsWithin);
    return () -> new SimulatedEstate(config, from, until);
  }

  /** Those of {@code names} the command line gave. */
  private List<String> matched(String... names) {
    ParseResult given = spec.commandLine().getParseResult();
    return Arrays.stream(names).filter(given::hasMatchedOption).toList();
  }

  private int writeFiles(SimulatedEstate estate) throws IOException {
    long began = System.nanoTime();
    SimulationSummary summary = new SimulationSummary();
    createParent(out);
    try (OutputStream events = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      Iterator<SpecificRecord> records = estate.iterator();
      while (records.hasNext()) {
        SpecificRecord record = records.next();
        summary.count(record);
        EventJson.writeLine(record, events);
        if (summary.events() % PROGRESS_EVERY == 0) {
          System.err.printf("... %,d events, event time %s%n", summary.events(), summary.last);
        }
      }
    }
    try (Writer labelLines = writer(labels)) {
      for (CampaignLabel label : estate.labels()) {
        labelLines.write(LabelJson.write(label));
        labelLines.write('\n');
      }
    }
    long elapsed = (System.nanoTime() - began) / 1_000_000;
    System.err.print(summary.describe(estate, elapsed));
    System.err.println("events: " + out + "\nlabels: " + labels);
    return 0;
  }

  private static Writer writer(Path path) throws IOException {
    createParent(path);
    return new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16);
  }

  private static void createParent(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
