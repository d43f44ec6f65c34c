package dev.vigil.detector.alert;

import dev.vigil.detector.Finding;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The suppression window of one (rule, identity): which alert opened it, until when repeats are
 * merged, and what the merged repeats amount to. Bounded: at most {@link #MAX_EVENT_IDS} evidence
 * ids and {@link #MAX_VALUES} values per observed key.
 */
final class SuppressionWindow {

  static final int MAX_EVENT_IDS = 20;
  static final int MAX_VALUES = 20;
  static final int MAX_KEYS = 12;
  private static final int VERSION = 1;

  String alertId;
  String ruleId;
  String identityId;
  IdentityType identityType;
  Detection detection;
  Severity severity;
  Instant until;
  int repeats;
  long repeatEvents;
  Instant repeatStart;
  Instant repeatEnd;
  final Set<String> repeatEventIds = new LinkedHashSet<>();
  final Map<String, Set<String>> repeatObserved = new LinkedHashMap<>();

  static SuppressionWindow open(
      String alertId, Finding first, Detection detection, Severity severity, Instant until) {
    SuppressionWindow w = new SuppressionWindow();
    w.alertId = alertId;
    w.ruleId = first.ruleId();
    w.identityId = first.identityId();
    w.identityType = first.identityType();
    w.detection = detection;
    w.severity = severity;
    w.until = until;
    return w;
  }

  /** Merges a repeat: counted, its evidence kept up to the bounds. */
  void merge(Finding repeat) {
    repeats++;
    repeatEvents += repeat.eventCount();
    repeatStart =
        repeatStart == null || repeat.windowStart().isBefore(repeatStart)
            ? repeat.windowStart()
            : repeatStart;
    repeatEnd =
        repeatEnd == null || repeat.windowEnd().isAfter(repeatEnd) ? repeat.windowEnd() : repeatEnd;
    for (String id : repeat.eventIds()) {
      if (repeatEventIds.size() < MAX_EVENT_IDS) {
        repeatEventIds.add(id);
      }
    }
    if (repeat.tokenId() != null) {
      observe("tokens", repeat.tokenId());
    }
    repeat.observed().forEach((key, values) -> values.forEach(v -> observe(key, v)));
  }

  private void observe(String key, String value) {
    if (!repeatObserved.containsKey(key) && repeatObserved.size() >= MAX_KEYS) {
      return;
    }
    Set<String> values = repeatObserved.computeIfAbsent(key, k -> new LinkedHashSet<>());
    if (values.size() < MAX_VALUES) {
      values.add(value);
    }
  }

  byte[] encode() {
    StateOutput out = new StateOutput().writeByte(VERSION);
    out.writeString(alertId).writeString(ruleId).writeString(identityId);
    out.writeString(identityType.name()).writeString(detection.name()).writeString(severity.name());
    out.writeInstant(until).writeInt(repeats).writeLong(repeatEvents);
    out.writeInstant(repeatStart).writeInstant(repeatEnd);
    out.writeInt(repeatEventIds.size());
    repeatEventIds.forEach(out::writeString);
    out.writeInt(repeatObserved.size());
    repeatObserved.forEach(
        (key, values) -> {
          out.writeString(key).writeInt(values.size());
          values.forEach(out::writeString);
        });
    return out.toByteArray();
  }

  static SuppressionWindow decode(byte[] bytes) {
    StateInput in = new StateInput("suppression", bytes);
    in.readVersion(VERSION);
    SuppressionWindow w = new SuppressionWindow();
    w.alertId = in.readString();
    w.ruleId = in.readString();
    w.identityId = in.readString();
    w.identityType = IdentityType.valueOf(in.readString());
    w.detection = Detection.valueOf(in.readString());
    w.severity = Severity.valueOf(in.readString());
    w.until = in.readInstant();
    w.repeats = in.readInt();
    w.repeatEvents = in.readLong();
    w.repeatStart = in.readInstant();
    w.repeatEnd = in.readInstant();
    for (int i = in.readInt(); i > 0; i--) {
      w.repeatEventIds.add(in.readString());
    }
    for (int i = in.readInt(); i > 0; i--) {
      String key = in.readString();
      Set<String> values = new LinkedHashSet<>();
      for (int j = in.readInt(); j > 0; j--) {
        values.add(in.readString());
      }
      w.repeatObserved.put(key, values);
    }
    return w;
  }

  Map<String, List<String>> observedLists() {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    repeatObserved.forEach((k, v) -> lists.put(k, new ArrayList<>(v)));
    return lists;
  }
}
