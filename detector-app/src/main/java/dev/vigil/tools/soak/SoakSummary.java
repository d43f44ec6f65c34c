package dev.vigil.tools.soak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The figures of one soak, as the JSON summary prints them, and whether it passed. Each figure is
 * explained in docs/RELIABILITY.md ("Soak: crash, restart, audit").
 */
final class SoakSummary {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What happened to the processes and the broker while the traffic ran. */
  record Run(
      Duration duration,
      List<Integer> killExitCodes,
      int restarts,
      List<DetectorSupervisor.UnexpectedExit> unexpectedExits,
      List<Long> recoveryMillis,
      int brokerRestarts,
      Long brokerDownMillis,
      Long brokerRecoveryMillis,
      boolean drained,
      long attacks,
      long recordsWritten,
      long recordsRefused) {}

  private final SoakPlan plan;
  private final Run run;
  private final SoakAuditor.Audit audit;
  private final CleanReplay.Expected expected;
  private final List<InjectedFault> injected;

  SoakSummary(
      SoakPlan plan,
      Run run,
      SoakAuditor.Audit audit,
      CleanReplay.Expected expected,
      List<InjectedFault> injected) {
    this.plan = plan;
    this.run = run;
    this.audit = audit;
    this.expected = expected;
    this.injected = List.copyOf(injected);
  }

  /** Every way the soak failed: the audit's findings and the run's own. */
  List<String> failures() {
    List<String> out = new ArrayList<>(audit.failures());
    long notSignalled =
        run.killExitCodes().stream().filter(c -> c != ChildDetector.SIGKILL_EXIT).count();
    if (notSignalled > 0) {
      out.add(
          notSignalled
              + " kills did not end the JVM by SIGKILL: exit codes "
              + run.killExitCodes());
    }
    long notRecovered = run.recoveryMillis().stream().filter(Objects::isNull).count();
    if (notRecovered > 0) {
      out.add(notRecovered + " kills after which the detector did not recover in time");
    }
    if (plan.brokerRestart() && run.brokerRecoveryMillis() == null) {
      out.add("the detector did not recover from the broker restart in time");
    }
    List<DetectorSupervisor.UnexpectedExit> died =
        run.unexpectedExits().stream().filter(e -> !e.refusedToStart()).toList();
    if (!died.isEmpty()) {
      out.add("detector instances died while running: " + died);
    }
    if (!run.drained()) {
      out.add("the detector did not process every input record before the audit");
    }
    if (run.recordsRefused() > 0) {
      out.add(run.recordsRefused() + " records the broker never took from the soak's producer");
    }
    return out;
  }

  boolean passed() {
    return failures().isEmpty();
  }

  /** The median of the recoveries that completed, or {@code null} without any. */
  static Long median(List<Long> millis) {
    List<Long> done = millis.stream().filter(Objects::nonNull).sorted().toList();
    if (done.isEmpty()) {
      return null;
    }
    int n = done.size();
    return n % 2 == 1 ? done.get(n / 2) : (done.get(n / 2 - 1) + done.get(n / 2)) / 2;
  }

  static Long max(List<Long> millis) {
    return millis.stream().filter(Objects::nonNull).max(Long::compare).orElse(null);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("passed", passed());
    m.put("failures", failures());
    m.put("seed", plan.seed());
    m.put("instances", plan.instances());
    m.put("partitions", plan.partitions());
    m.put("duration_s", run.duration().toSeconds());
    m.put("kills", run.killExitCodes().size());
    m.put("kill_exit_codes", run.killExitCodes());
    m.put("restarts", run.restarts());
    m.put(
        "unexpected_exits",
        run.unexpectedExits().stream().filter(e -> !e.refusedToStart()).count());
    m.put(
        "start_refusals",
        run.unexpectedExits().stream()
            .filter(DetectorSupervisor.UnexpectedExit::refusedToStart)
            .count());
    m.put(
        "exits",
        run.unexpectedExits().stream()
            .map(
                e -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("instance", e.instance());
                  x.put("exit_code", e.exitCode());
                  x.put("last_words", e.lastWords());
                  return x;
                })
            .toList());
    m.put("broker_restarts", run.brokerRestarts());
    m.put("broker_down_ms", run.brokerDownMillis());
    Map<String, Object> recovery = new LinkedHashMap<>();
    recovery.put("after_each_kill_ms", run.recoveryMillis());
    recovery.put("median_ms", median(run.recoveryMillis()));
    recovery.put("max_ms", max(run.recoveryMillis()));
    recovery.put("after_broker_restart_ms", run.brokerRecoveryMillis());
    m.put("recovery", recovery);
    m.put("records_written", run.recordsWritten());
    m.put("records_refused", run.recordsRefused());
    m.put("events", expected.events());
    m.put("attacks", run.attacks());
    m.put("alerts", audit.alerts());
    m.put("expected_alerts", expected.alertIds().size());
    m.put("commands", audit.commands());
    m.put("expected_commands", expected.commandIds().size());
    Map<String, Object> duplicates = new LinkedHashMap<>();
    duplicates.put("alert_ids", audit.duplicateAlertRecords());
    duplicates.put("command_ids", audit.duplicateCommandRecords());
    duplicates.put("dead_letters", audit.duplicateDeadLetters());
    m.put("duplicates", duplicates);
    Map<String, Object> missing = new LinkedHashMap<>();
    missing.put("alerts", audit.missingAlerts().size());
    missing.put("commands", audit.missingCommands().size());
    m.put("missing", missing);
    Map<String, Object> unexpected = new LinkedHashMap<>();
    unexpected.put("alerts", audit.unexpectedAlerts().size());
    unexpected.put("commands", audit.unexpectedCommands().size());
    m.put("unexpected", unexpected);
    m.put("poison_records", count(true));
    m.put("skewed_records", count(false));
    m.put("undecodable_input_records", expected.undecodable());
    Map<String, Object> dead = new LinkedHashMap<>();
    dead.put("total", audit.deadLetters());
    dead.put("by_fault", audit.deadLetteredByFault());
    dead.put("faults_not_dead_lettered", audit.notDeadLettered().size());
    dead.put("wrong_reason", audit.wrongReason().size());
    dead.put("not_injected", audit.unexpectedDeadLetters().size());
    dead.put("clamped_but_dead_lettered", audit.clampedButDeadLettered().size());
    m.put("dead_letters", dead);
    return m;
  }

  private Map<String, Integer> count(boolean poison) {
    Map<String, Integer> byFault = new TreeMap<>();
    for (Fault f : Fault.values()) {
      if (f.poison() == poison) {
        byFault.put(f.label(), 0);
      }
    }
    for (InjectedFault f : injected) {
      if (f.fault().poison() == poison) {
        byFault.merge(f.fault().label(), 1, Integer::sum);
      }
    }
    return byFault;
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the soak summary", e);
    }
  }
}
