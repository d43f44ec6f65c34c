package dev.vigil.tools.simulate;

import dev.vigil.events.json.EventJson;
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
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil simulate}: writes a simulated estate's events and campaign labels as JSON lines. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Generates a reproducible estate of non-human identities with labelled attack campaigns and benign look-alikes.",
        "Events are written in event-time order as contract JSON lines; labels one line per campaign."})
public final class SimulateCommand implements Callable<Integer> {

  /** Large estates take minutes: say how far event time has got now and then. */
  private static final long PROGRESS_EVERY = 1_000_000;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Events file (JSON lines).")
  Path out;

  @Option(names = "--labels", required = true, paramLabel = "FILE", description = "Campaign labels file (JSON lines).")
  Path labels;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same options give the same files (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--days", defaultValue = "3", description = "Days of event time (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--identities", defaultValue = "300", description = "Identities in the estate (default: ${DEFAULT-VALUE}).")
  int identities;

  @Option(names = "--attacks-per-detection", defaultValue = "8",
      description = "Attack campaigns per detection, plus as many benign look-alikes (default: ${DEFAULT-VALUE}).")
  int attacksPerDetection;

  @Option(names = "--start", paramLabel = "ISO-8601", description = "Event time the simulation starts (default: 2026-11-02T00:00:00Z).")
  Instant start = SimulationConfig.DEFAULT_START;

  @Option(names = "--warm-up", paramLabel = "DURATION",
      description = "Campaign-free period at the start, ISO-8601 (e.g. PT36H, P7D); default: half of --days.")
  Duration warmUp;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SimulationConfig config;
    try {
      config = new SimulationConfig(seed, start, days, identities, attacksPerDetection,
          warmUp != null ? warmUp : Duration.ofDays(Math.max(days, 0)).dividedBy(2));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "simulate: " + e.getMessage(), e);
    }
    long began = System.nanoTime();
    SimulatedEstate estate = new SimulatedEstate(config);
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
