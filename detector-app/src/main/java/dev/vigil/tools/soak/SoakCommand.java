package dev.vigil.tools.soak;

import dev.vigil.runtime.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil soak}: crash, restart, audit. Takes no {@code --config} or cluster options (the
 * {@code ConfigOptions} mixin): it brings its own broker and registry, and a soak against a shared
 * cluster would SIGKILL nothing of it and audit topics others write to. {@code --set} reaches the
 * detector instances, as it reaches {@code vigil run}.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Crash, restart, audit: proves exactly-once end to end on this machine.",
      "Starts an embedded Kafka broker and Schema Registry, runs the detector as child JVMs"
          + " (vigil run, as in production), writes traffic with an attack every --attack-every and"
          + " a fault every --fault-every (poison records; events hours ahead, days behind and days"
          + " ahead of the clock), SIGKILLs a detector --kills times at random moments and starts it"
          + " again, and restarts the broker once.",
      "Then audits with read_committed readers: duplicate alert_ids and command_ids, alerts and"
          + " commands missing against a clean replay of the same events, and dead letters (only"
          + " the injected faults, each with its reason). Prints a JSON summary (and --out FILE)."
    },
    footer = {
      "%nExit codes: 0 no loss, no duplicate, every fault accounted for; 1 the audit or the run"
          + " found a problem (the summary's \"failures\" say which); 2 bad options.",
      "%nExamples:",
      "  vigil soak --kills 10 --out soak.json",
      "  vigil soak --kills 2 --instances 2 --min-gap 5s --max-gap 10s   (a second instance takes over)"
    })
public final class SoakCommand implements Callable<Integer> {

  @Option(
      names = "--kills",
      paramLabel = "N",
      defaultValue = "10",
      description = "SIGKILLs of a detector instance, each followed by a restart (default 10).")
  int kills;

  @Option(
      names = "--instances",
      paramLabel = "1|2",
      defaultValue = "1",
      description = "Detector instances; with 2 the survivor takes over a killed one's partitions.")
  int instances;

  @Option(
      names = "--no-broker-restart",
      description = "Do not restart the broker (by default it is restarted once, mid-run).")
  boolean noBrokerRestart;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the plan.")
  long seed;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "4",
      description = "Partitions of every topic (default 4).")
  int partitions;

  @Option(
      names = "--identities",
      paramLabel = "N",
      defaultValue = "50",
      description = "Benign identities in the estate (default 50).")
  int identities;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "50",
      description = "Benign events per second (default 50).")
  int rate;

  @Option(
      names = "--attack-every",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "Time between two attacks (default 5s).")
  Duration attackEvery;

  @Option(
      names = "--fault-every",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description = "Time between two injected faults (default 2s).")
  Duration faultEvery;

  @Option(
      names = "--min-gap",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "Shortest wait from a recovery to the next kill (default 10s).")
  Duration minGap;

  @Option(
      names = "--max-gap",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Longest wait from a recovery to the next kill (default 30s).")
  Duration maxGap;

  @Option(
      names = "--recovery-timeout",
      paramLabel = "DURATION",
      defaultValue = "3m",
      description = "Longest a recovery may take before it counts as failed (default 3m).")
  Duration recoveryTimeout;

  @Option(
      names = "--tail",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "Traffic after the last recovery, before the soak stops writing (default 10s).")
  Duration tail;

  @Option(
      names = "--child-heap",
      paramLabel = "SIZE",
      defaultValue = "384m",
      description = "-Xmx of each detector JVM (default 384m).")
  String childHeap;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A setting for every detector instance, as vigil run --set takes it (e.g."
              + " num.stream.threads=2). Repeatable.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON summary here.")
  Path out;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where the detectors' state and logs go (default: a temporary directory, deleted after"
              + " a passing run and kept after a failing one).")
  Path workDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SoakPlan plan;
    try {
      plan =
          new SoakPlan(
              kills,
              instances,
              !noBrokerRestart,
              seed,
              partitions,
              identities,
              rate,
              attackEvery,
              faultEvery,
              minGap,
              maxGap,
              recoveryTimeout,
              tail);
    } catch (IllegalArgumentException e) {
      err.println("vigil soak: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    boolean temporary = workDir == null;
    Path dir =
        temporary ? Files.createTempDirectory("vigil-soak-") : Files.createDirectories(workDir);
    SoakSummary summary = new SoakRun(plan, dir, List.of("-Xmx" + childHeap), settings, err).run();
    String json = summary.toJson();
    stdout.println(json);
    stdout.flush();
    if (out != null) {
      Files.writeString(out, json + System.lineSeparator(), StandardCharsets.UTF_8);
    }
    if (summary.passed()) {
      if (temporary) {
        deleteQuietly(dir);
      }
      err.println("vigil soak: passed");
      return ExitCode.OK;
    }
    err.println(
        "vigil soak: FAILED (" + String.join("; ", summary.failures()) + "); logs in " + dir);
    return ExitCode.FAILED;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the verdict stands.
    }
  }
}
