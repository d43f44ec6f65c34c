package dev.vigil.tools.replay;

import dev.vigil.detector.Detectors;
import dev.vigil.detector.ocsf.OcsfDetectionFinding;
import dev.vigil.detector.topology.WarmUp;
import dev.vigil.events.json.EventJson;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.DurationText;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.ExitCode;
import dev.vigil.tools.adapt.AdapterOptions;
import dev.vigil.tools.adapt.VendorFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil replay --events FILE.jsonl [--rules PACK.yaml] --alerts OUT.jsonl [--revocations
 * OUT.jsonl] [--ocsf OUT.jsonl]}: the production topology over a JSON-lines file, in event-time
 * order, writing alerts and commands in the same form. Bad lines are reported with their number,
 * skipped and counted.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Run the detection topology over a JSON-lines event file (backtesting, trying rules on history).")
public final class ReplayCommand implements Callable<Integer> {

  /** Bad lines printed one by one; the rest are only counted. */
  static final int BAD_LINES_SHOWN = 50;

  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      required = true,
      paramLabel = "FILE",
      description =
          "Events in the contract's JSON-lines form, any order; with --source, that vendor's log"
              + " file instead.")
  Path events;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description =
          "Read --events as this vendor's log (cloudtrail, kubernetes, vault, github, okta, entra,"
              + " mcp), mapped as `vigil adapt` maps it.")
  String source;

  @Mixin AdapterOptions adapterOptions;

  @Option(
      names = "--rules",
      paramLabel = "PACK.yaml",
      description = "Rule pack to replay under (default: the shipped pack).")
  Path rules;

  @Option(
      names = "--alerts",
      required = true,
      paramLabel = "OUT.jsonl",
      description = "Where the alerts go.")
  Path alerts;

  @Option(
      names = "--revocations",
      paramLabel = "OUT.jsonl",
      description = "Where the revocation commands go.")
  Path revocations;

  @Option(
      names = "--ocsf",
      paramLabel = "OUT.jsonl",
      description =
          "Also write every alert as an OCSF "
              + OcsfDetectionFinding.OCSF_VERSION
              + " Detection Finding (class 2004), one JSON object per line: the records the"
              + " detector writes to vigil.topic.findings.ocsf.")
  Path ocsf;

  @Option(
      names = "--observe-only",
      description = "Mark revocation commands dry_run, as an observe-only deployment would.")
  boolean observeOnly;

  @Option(
      names = "--go-live",
      paramLabel = "INSTANT|+DURATION",
      description =
          "Replay as a first deployment would read retained history: events dated more than 5m"
              + " before this instant (e.g. 2026-11-28T09:00:00Z), or before the first event's time"
              + " plus a duration (+36h), build state only; their findings are suppressed or marked"
              + " retrospective (--history-alerts) and never become commands. Default: every event"
              + " is judged live.")
  String goLive;

  @Option(
      names = "--warm-up",
      paramLabel = "earliest|DURATION|none",
      description =
          "With --go-live: how much history before it is learned, as for vigil run: earliest"
              + " (default, all of it), a duration (7d), or none (ignore --go-live).")
  String warmUp = "earliest";

  @Option(
      names = "--history-alerts",
      paramLabel = "suppress|retrospective",
      description = "With --go-live: findings on history suppressed (default) or retrospective.")
  String historyAlerts = "suppress";

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(events)) {
      err.println("replay: --events " + events + ": no such file");
      return ExitCode.INVALID_INPUT;
    }
    RulePack pack;
    try {
      pack = rules == null ? RulePacks.defaultPack() : RulePacks.load(rules);
    } catch (RuntimeException e) {
      err.println("replay: refused rule pack " + rules + ":\n" + e.getMessage());
      return ExitCode.INVALID_RULES;
    }
    ReplayInput input;
    if (source != null) {
      VendorFiles.Adapted adapted;
      try {
        adapted = VendorFiles.read(adapterOptions.adapter(source), List.of(events));
      } catch (IllegalArgumentException e) {
        err.println("replay: " + e.getMessage());
        return ExitCode.INVALID_INPUT;
      }
      err.println(adapted.tally().render());
      input = new ReplayInput(adapted.events(), List.of(), adapted.tally().in());
    } else {
      try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
        input = ReplayInput.read(reader);
      }
    }
    input.badLines().stream()
        .limit(BAD_LINES_SHOWN)
        .forEach(bad -> err.println(events + ":" + bad.number() + ": " + bad.reason()));
    if (input.badLines().size() > BAD_LINES_SHOWN) {
      err.println("... and " + (input.badLines().size() - BAD_LINES_SHOWN) + " more bad lines");
    }
    WarmUp history;
    try {
      history = warmUp(input.events());
    } catch (IllegalArgumentException e) {
      err.println("replay: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    long started = System.nanoTime();
    ReplayResult result =
        new ReplayRunner(pack, Detectors.all(), observeOnly, Clock.systemUTC(), history)
            .run(input.events());
    long millis = (System.nanoTime() - started) / 1_000_000;
    write(alerts, result.alerts());
    if (revocations != null) {
      write(revocations, result.revocations());
    }
    if (ocsf != null) {
      writeOcsf(ocsf, result.ocsfFindings());
    }
    out.printf(
        "replayed %d events (%d lines, %d bad lines skipped) under %s %s in %d ms: %d alerts, %d revocation commands%s%n",
        result.events(),
        input.lines(),
        input.badLines().size(),
        pack.name(),
        pack.version(),
        millis,
        result.alerts().size(),
        result.revocations().size(),
        result.lateEvents() == 0 ? "" : ", " + result.lateEvents() + " late events dead-lettered");
    if (history.enabled()) {
      ReplayResult.History h = result.history();
      out.printf(
          "history before go-live %s: %d events learned, %d beyond the warm-up horizon not read,"
              + " %d findings %s%n",
          history.goLive(),
          h.learned(),
          h.beyondHorizon(),
          h.findings(),
          history.alerts() == WarmUp.HistoryAlerts.SUPPRESS
              ? "suppressed"
              : "sent as retrospective alerts");
    }
    return ExitCode.OK;
  }

  /** The warm-up of the options: none without --go-live. */
  private WarmUp warmUp(List<SpecificRecord> events) {
    WarmUp parsed = WarmUp.parse(warmUp, WarmUp.HistoryAlerts.parse(historyAlerts));
    if (goLive == null || !parsed.enabled()) {
      return WarmUp.NONE;
    }
    String text = goLive.strip();
    Instant at;
    if (text.startsWith("+")) {
      Duration after = DurationText.parse(text.substring(1));
      if (after == null) {
        throw new IllegalArgumentException(
            "--go-live '" + goLive + "' is not +DURATION (e.g. +36h) or an instant");
      }
      at = ReplayRunner.firstEventTimePlus(events, after);
      if (at == null) {
        return WarmUp.NONE;
      }
    } else {
      try {
        at = Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--go-live '" + goLive + "' is not an instant (2026-11-28T09:00:00Z) or +DURATION");
      }
    }
    return parsed.goingLiveAt(at);
  }

  /** The detector's own OCSF findings topic, one record value per line. */
  private static void writeOcsf(Path file, List<ReplayResult.KeyedFinding> findings)
      throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ReplayResult.KeyedFinding finding : findings) {
        w.write(finding.json());
        w.newLine();
      }
    }
  }

  private void write(Path file, List<? extends SpecificRecord> records) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (SpecificRecord record : records) {
        w.write(EventJson.write(record));
        w.newLine();
      }
    }
  }
}
