package dev.vigil.tools.evaluate;

import dev.vigil.detector.Detectors;
import dev.vigil.events.Alert;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.ExitCode;
import dev.vigil.tools.adapt.AdapterOptions;
import dev.vigil.tools.adapt.VendorFiles;
import dev.vigil.tools.replay.ReplayInput;
import dev.vigil.tools.replay.ReplayRunner;
import dev.vigil.tools.simulate.CampaignLabel;
import dev.vigil.tools.simulate.LabelJson;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil evaluate}: runs the detector over a simulated estate (or given events and labels)
 * and prints per-detection precision, recall, F1, false alerts per 10,000 events and time to
 * detect. On a vendor's log ({@code --source}) without labels there is nothing to score against, so
 * it prints the alerts per detection, rule and identity instead ({@link AlertTally}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Measures detection quality: runs the detector over labelled events (simulated unless --events and"
          + " --labels are given) and scores its alerts against the campaigns."
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Simulation seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--days",
      description = "Days of simulated event time (default: 3; 28 with --cold-start).")
  Integer days;

  @Option(
      names = "--identities",
      description = "Identities simulated (default: 300, also with --cold-start).")
  Integer identities;

  @Option(
      names = "--attacks-per-detection",
      description =
          "Attack campaigns per detection, plus as many look-alikes (default: 8; 24 with --cold-start).")
  Integer attacksPerDetection;

  @Option(
      names = "--warm-up",
      paramLabel = "DURATION",
      description =
          "Campaign-free time at the start (default: half of --days; none with --cold-start).")
  Duration warmUp;

  @Option(
      names = "--new-identities",
      paramLabel = "SHARE",
      description =
          "Share of attacks on identities created after Vigil started (default: 0; 0.33 with"
              + " --cold-start).")
  Double newIdentities;

  @Option(
      names = "--outage",
      paramLabel = "DURATION",
      description =
          "Vigil down from the middle of the run for this long, its input lost: every identity"
              + " looks silent at once (default: none; 7d with --cold-start).")
  Duration outage;

  @Option(
      names = "--cold-start",
      description =
          "Day-one evaluation: Vigil starts with the estate, campaigns from the first hour spread"
              + " evenly over days 1, 2-3, 4-7, 8-14 and 15+, a third of attacks on identities"
              + " created after it started, a week-long outage; the tables of recall by day matter"
              + " most. Explicit options override these settings.")
  boolean coldStart;

  @Option(
      names = "--rules",
      paramLabel = "PACK.yaml",
      description = "Rule pack to evaluate (default: the shipped pack).")
  Path rules;

  @Option(
      names = "--events",
      paramLabel = "FILE.jsonl",
      description =
          "Events to evaluate on instead of a simulation (needs --labels, or --source for a"
              + " vendor's log, where labels are optional).")
  Path events;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description =
          "Read --events as this vendor's log (cloudtrail, kubernetes, vault, github, okta, entra,"
              + " mcp), mapped as `vigil adapt` maps it. Without --labels the report counts alerts"
              + " per detection, rule and identity; with them it scores as usual.")
  String vendor;

  @Mixin AdapterOptions adapterOptions;

  @Option(
      names = "--labels",
      paramLabel = "FILE.jsonl",
      description = "Campaign labels for --events.")
  Path labels;

  @Option(
      names = "--tolerance",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description =
          "How far an alert's evidence may lie outside a campaign's span and still match it (default: ${DEFAULT-VALUE}).")
  Duration tolerance;

  @Option(
      names = "--out",
      paramLabel = "report.md|report.json",
      description = "Also write the report here; JSON when the name ends in .json.")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (events == null ? labels != null || vendor != null : labels == null && vendor == null) {
      err.println(
          "evaluate: --events needs --labels (or --source for a vendor's log), and --labels and"
              + " --source need --events");
      return ExitCode.INVALID_INPUT;
    }
    if (tolerance.isNegative()) {
      err.println("evaluate: --tolerance must not be negative, got " + tolerance);
      return ExitCode.INVALID_INPUT;
    }
    RulePack pack;
    try {
      pack = rules == null ? RulePacks.defaultPack() : RulePacks.load(rules);
    } catch (RuntimeException e) {
      err.println("evaluate: refused rule pack " + rules + ":\n" + e.getMessage());
      return ExitCode.INVALID_RULES;
    }
    List<SpecificRecord> input;
    List<CampaignLabel> truth;
    String source;
    if (events != null && labels == null) {
      return unlabelled(pack, stdout, err);
    }
    if (events != null) {
      for (Path file : List.of(events, labels)) {
        if (!Files.isRegularFile(file)) {
          err.println("evaluate: " + file + ": no such file");
          return ExitCode.INVALID_INPUT;
        }
      }
      ReplayInput read;
      if (vendor != null) {
        read = vendorEvents(err);
        if (read == null) {
          return ExitCode.INVALID_INPUT;
        }
      } else {
        try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
          read = ReplayInput.read(reader);
        }
      }
      if (!read.badLines().isEmpty()) {
        err.println(
            "evaluate: "
                + events
                + ":"
                + read.badLines().get(0).number()
                + ": "
                + read.badLines().get(0).reason()
                + " ("
                + read.badLines().size()
                + " bad lines; an evaluation needs every event)");
        return ExitCode.INVALID_INPUT;
      }
      input = read.events();
      try {
        truth = readLabels(labels);
      } catch (IllegalArgumentException e) {
        err.println("evaluate: " + e.getMessage());
        return ExitCode.INVALID_INPUT;
      }
      source =
          (vendor == null ? "events `" : vendor + " log `") + events + "`, labels `" + labels + "`";
    } else {
      SimulationConfig config;
      try {
        config = simulation();
      } catch (IllegalArgumentException e) {
        err.println("evaluate: " + e.getMessage());
        return ExitCode.INVALID_INPUT;
      }
      SimulatedEstate estate = new SimulatedEstate(config);
      input = estate.events().toList();
      truth = estate.labels();
      source =
          String.format(
              Locale.ROOT,
              "simulated estate: seed %d, %d days, %d identities, %d attacks per detection,"
                  + " warm-up %s%s%s",
              seed,
              config.days(),
              config.identities(),
              config.attacksPerDetection(),
              ReportWriter.duration(config.warmUp()),
              config.newIdentityShare() > 0
                  ? String.format(
                      Locale.ROOT,
                      ", %.0f%% of attacks on identities created after Vigil started",
                      100 * config.newIdentityShare())
                  : "",
              config.outage().isZero()
                  ? ""
                  : ", Vigil down for "
                      + ReportWriter.duration(config.outage())
                      + " from "
                      + config.outageStart());
    }
    long began = System.nanoTime();
    Evaluation evaluation = new Evaluator(pack, tolerance).evaluate(input, truth);
    long millis = (System.nanoTime() - began) / 1_000_000;
    String setup =
        String.format(
            Locale.ROOT,
            "Rule pack %s %s over the %s; match tolerance %s.",
            pack.name(),
            pack.version(),
            source,
            ReportWriter.duration(tolerance));
    String markdown =
        ReportWriter.markdown(evaluation, setup) + TaskEndPreview.of(pack, input, truth).markdown();
    stdout.print(markdown);
    // picocli's writer does not flush on its own; the report must reach stdout before the JVM
    // exits.
    stdout.flush();
    if (out != null) {
      String text =
          out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
              ? ReportWriter.json(evaluation, setup)
              : markdown;
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, text, StandardCharsets.UTF_8);
    }
    err.printf(Locale.ROOT, "evaluated %,d events in %d ms%n", evaluation.events(), millis);
    return ExitCode.OK;
  }

  /** The vendor log's events as {@code vigil adapt} maps them, or null once the error is said. */
  private ReplayInput vendorEvents(PrintWriter err) throws IOException {
    if (!Files.isRegularFile(events)) {
      err.println("evaluate: " + events + ": no such file");
      return null;
    }
    try {
      VendorFiles.Adapted adapted =
          VendorFiles.read(adapterOptions.adapter(vendor), List.of(events));
      err.println(adapted.tally().render());
      return new ReplayInput(adapted.events(), List.of(), adapted.tally().in());
    } catch (IllegalArgumentException e) {
      err.println("evaluate: " + e.getMessage());
      return null;
    }
  }

  /** A vendor's log nobody labelled: the alerts the pack raises on it, counted. */
  private int unlabelled(RulePack pack, PrintWriter stdout, PrintWriter err) throws IOException {
    ReplayInput read = vendorEvents(err);
    if (read == null) {
      return ExitCode.INVALID_INPUT;
    }
    // Observe-only, as every evaluation: it measures what is detected and never acts.
    List<Alert> alerts =
        new ReplayRunner(pack, Detectors.all(), true, Clock.systemUTC())
            .run(read.events())
            .alerts();
    AlertTally tally = AlertTally.of(read.events(), alerts);
    String setup =
        String.format(
            Locale.ROOT,
            "Rule pack %s %s over the %s log `%s`, unlabelled.",
            pack.name(),
            pack.version(),
            vendor,
            events);
    String markdown = tally.markdown(setup);
    stdout.print(markdown);
    stdout.flush();
    if (out != null) {
      write(jsonOut() ? tally.json(setup) : markdown);
    }
    return ExitCode.OK;
  }

  private boolean jsonOut() {
    return out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  private void write(String text) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, text, StandardCharsets.UTF_8);
  }

  /** The simulation the options ask for: the defaults, or the cold-start preset, overridden. */
  SimulationConfig simulation() {
    int d = days != null ? days : coldStart ? 28 : 3;
    Duration warm =
        warmUp != null ? warmUp : coldStart ? Duration.ZERO : Duration.ofDays(d).dividedBy(2);
    return new SimulationConfig(
        seed,
        SimulationConfig.DEFAULT_START,
        d,
        identities != null ? identities : 300,
        attacksPerDetection != null ? attacksPerDetection : coldStart ? 24 : 8,
        warm,
        newIdentities != null ? newIdentities : coldStart ? 0.33 : 0.0,
        outage != null ? outage : coldStart ? Duration.ofDays(7) : Duration.ZERO,
        coldStart);
  }

  private static List<CampaignLabel> readLabels(Path file) throws IOException {
    List<CampaignLabel> result = new ArrayList<>();
    long number = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          result.add(LabelJson.parse(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
        }
      }
    }
    return result;
  }
}
