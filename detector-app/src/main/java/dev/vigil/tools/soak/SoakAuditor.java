package dev.vigil.tools.soak;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges what a soak left on the output topics against what it must be: every alert and command id
 * once and only once, exactly the ids a clean replay of the same events gives, and every dead
 * letter one of the faults the soak injected, with the reason that names it. Pure: the caller reads
 * the topics and replays; this only compares.
 */
final class SoakAuditor {

  private SoakAuditor() {}

  /**
   * @param alertIds the {@code alert_id} of every committed alert record, in order read
   * @param commandIds the {@code command_id} of every committed command record
   * @param expectedAlerts the alert ids of the clean replay
   * @param expectedCommands the command ids of the clean replay
   * @param deadLetters every committed record of the dead-letter topic
   * @param injected every fault the soak wrote
   */
  static Audit audit(
      List<String> alertIds,
      List<String> commandIds,
      Set<String> expectedAlerts,
      Set<String> expectedCommands,
      List<DeadLetter> deadLetters,
      List<InjectedFault> injected) {
    Map<String, InjectedFault> faultAt = new HashMap<>();
    for (InjectedFault f : injected) {
      faultAt.put(f.place(), f);
    }
    Map<String, Integer> letters = new HashMap<>();
    List<String> unexpected = new ArrayList<>();
    List<String> wrongReason = new ArrayList<>();
    List<String> clampedButDeadLettered = new ArrayList<>();
    for (DeadLetter letter : deadLetters) {
      letters.merge(letter.place(), 1, Integer::sum);
      InjectedFault fault = faultAt.get(letter.place());
      if (fault == null) {
        unexpected.add(letter.place() + " (" + letter.reason() + ")");
      } else if (!fault.fault().deadLettered()) {
        clampedButDeadLettered.add(fault.place() + " " + fault.fault().label());
      } else if (!letter.says(fault.fault().expectedReason())) {
        wrongReason.add(
            fault.place()
                + " "
                + fault.fault().label()
                + ": reason '"
                + letter.reason()
                + "', expected it to say '"
                + fault.fault().expectedReason()
                + "'");
      }
    }
    List<String> notDeadLettered = new ArrayList<>();
    Map<String, Integer> deadLetteredByFault = new TreeMap<>();
    for (InjectedFault f : injected) {
      boolean found = letters.containsKey(f.place());
      if (f.fault().deadLettered() && !found) {
        notDeadLettered.add(f.place() + " " + f.fault().label());
      }
      if (found) {
        deadLetteredByFault.merge(f.fault().label(), 1, Integer::sum);
      }
    }
    int duplicateLetters = letters.values().stream().mapToInt(n -> n - 1).sum();
    return new Audit(
        alertIds.size(),
        duplicates(alertIds),
        missing(expectedAlerts, alertIds),
        missing(Set.copyOf(alertIds), expectedAlerts),
        commandIds.size(),
        duplicates(commandIds),
        missing(expectedCommands, commandIds),
        missing(Set.copyOf(commandIds), expectedCommands),
        deadLetters.size(),
        duplicateLetters,
        deadLetteredByFault,
        notDeadLettered,
        wrongReason,
        clampedButDeadLettered,
        unexpected);
  }

  /** Each id read more than once, with how many times beyond the first. */
  private static Map<String, Integer> duplicates(List<String> ids) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (String id : ids) {
      seen.merge(id, 1, Integer::sum);
    }
    Map<String, Integer> extra = new LinkedHashMap<>();
    seen.forEach(
        (id, n) -> {
          if (n > 1) {
            extra.put(id, n - 1);
          }
        });
    return extra;
  }

  /** The ids of {@code wanted} that {@code found} lacks, in a stable order. */
  private static List<String> missing(Set<String> wanted, Collection<String> found) {
    Set<String> have = new LinkedHashSet<>(found);
    return wanted.stream().filter(id -> !have.contains(id)).sorted().toList();
  }

  /**
   * What the audit found.
   *
   * @param duplicateAlerts alert ids read more than once, with the number of extra copies
   * @param missingAlerts alert ids of the clean replay never committed
   * @param unexpectedAlerts committed alert ids the clean replay does not give
   * @param duplicateDeadLetters dead letters beyond the first for the same original record
   * @param deadLetteredByFault injected faults found dead-lettered, per fault
   * @param notDeadLettered faults that must be dead-lettered but are not
   * @param wrongReason dead letters of injected faults whose reason does not name the fault
   * @param clampedButDeadLettered events a few hours ahead (to be judged) found dead-lettered
   * @param unexpectedDeadLetters dead letters of records the soak did not inject as faults
   */
  record Audit(
      int alerts,
      Map<String, Integer> duplicateAlerts,
      List<String> missingAlerts,
      List<String> unexpectedAlerts,
      int commands,
      Map<String, Integer> duplicateCommands,
      List<String> missingCommands,
      List<String> unexpectedCommands,
      int deadLetters,
      int duplicateDeadLetters,
      Map<String, Integer> deadLetteredByFault,
      List<String> notDeadLettered,
      List<String> wrongReason,
      List<String> clampedButDeadLettered,
      List<String> unexpectedDeadLetters) {

    int duplicateAlertRecords() {
      return duplicateAlerts.values().stream().mapToInt(Integer::intValue).sum();
    }

    int duplicateCommandRecords() {
      return duplicateCommands.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Every way the soak failed, one line each; empty when it passed. */
    List<String> failures() {
      List<String> out = new ArrayList<>();
      add(out, duplicateAlertRecords(), "duplicate alert records", duplicateAlerts.keySet());
      add(out, duplicateCommandRecords(), "duplicate command records", duplicateCommands.keySet());
      add(out, missingAlerts.size(), "alerts of the clean replay missing", missingAlerts);
      add(out, missingCommands.size(), "commands of the clean replay missing", missingCommands);
      add(out, unexpectedAlerts.size(), "alerts the clean replay does not give", unexpectedAlerts);
      add(
          out,
          unexpectedCommands.size(),
          "commands the clean replay does not give",
          unexpectedCommands);
      add(out, duplicateDeadLetters, "dead letters written twice for one record", List.of());
      add(out, notDeadLettered.size(), "injected faults not dead-lettered", notDeadLettered);
      add(out, wrongReason.size(), "dead letters with the wrong reason", wrongReason);
      add(
          out,
          clampedButDeadLettered.size(),
          "events hours ahead dead-lettered instead of judged",
          clampedButDeadLettered);
      add(
          out,
          unexpectedDeadLetters.size(),
          "dead letters of records that were not injected faults",
          unexpectedDeadLetters);
      return out;
    }

    private static void add(List<String> out, int count, String what, Collection<String> which) {
      if (count == 0) {
        return;
      }
      List<String> some = which.stream().limit(5).toList();
      out.add(
          count
              + " "
              + what
              + (some.isEmpty() ? "" : ": " + String.join(", ", some))
              + (which.size() > some.size() ? ", ..." : ""));
    }
  }
}
