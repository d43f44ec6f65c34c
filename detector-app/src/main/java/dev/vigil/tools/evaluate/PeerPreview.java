package dev.vigil.tools.evaluate;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.baseline.PeerAware;
import dev.vigil.detector.baseline.PeerBaseline;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the detections would raise once the topology feeds peer baselines (docs/RULES.md, "Peer
 * groups"), for {@code vigil evaluate --peer-preview}: every detector run purely, in one partition,
 * the way the topology runs them (events in event-time order, state per key, an hourly sweep of
 * expired state) plus one {@link PeerBaseline} per peer group for each {@link PeerAware} detector,
 * judged before it learns each event. Findings become alerts through the same suppression per rule
 * and identity as the alerting stage: the first at once, repeats within {@code suppress_for} merged
 * into one roll-up. Not what {@code vigil run} does today: a preview of the topology change.
 */
final class PeerPreview {

  private static final Duration SWEEP = Duration.ofHours(1);

  private final RulePack pack;
  private final List<Detector<?>> detectors;

  PeerPreview(RulePack pack, List<Detector<?>> detectors) {
    this.pack = pack;
    this.detectors = List.copyOf(detectors);
  }

  /** The alerts over {@code events}, in the order they would go out. */
  List<Alert> alerts(List<SpecificRecord> events) {
    List<SpecificRecord> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparing(PeerPreview::time));
    List<Map<String, Object>> states = new ArrayList<>();
    List<Map<String, PeerBaseline>> groups = new ArrayList<>();
    for (int i = 0; i < detectors.size(); i++) {
      states.add(new HashMap<>());
      groups.add(new HashMap<>());
    }
    Suppression suppression = new Suppression();
    Instant nextSweep = null;
    for (SpecificRecord record : ordered) {
      ObservedEvent event =
          record instanceof AuthEvent auth
              ? ObservedEvent.of(auth)
              : ObservedEvent.of((TokenUseEvent) record);
      Instant now = event.eventTime();
      if (nextSweep == null) {
        nextSweep = now.plus(SWEEP);
      } else if (!now.isBefore(nextSweep)) {
        for (int i = 0; i < detectors.size(); i++) {
          sweep(detectors.get(i), states.get(i), groups.get(i), now);
        }
        suppression.flush(now);
        nextSweep = now.plus(SWEEP);
      }
      for (int i = 0; i < detectors.size(); i++) {
        for (Finding finding : judge(detectors.get(i), states.get(i), groups.get(i), event)) {
          suppression.accept(finding);
        }
      }
    }
    suppression.flush(Instant.MAX);
    return suppression.alerts;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Finding> judge(
      Detector detector,
      Map<String, Object> states,
      Map<String, PeerBaseline> groups,
      ObservedEvent event) {
    if (!detector.accepts(event)) {
      return List.of();
    }
    String key = detector.keyBy().keyOf(event);
    if (key == null) {
      return List.of();
    }
    Object state = states.computeIfAbsent(key, k -> detector.newState());
    if (!(detector instanceof PeerAware aware)) {
      return detector.onEvent(state, event, pack);
    }
    String groupKey = aware.peerGroup(event, pack);
    if (groupKey == null) {
      return detector.onEvent(state, event, pack);
    }
    PeerBaseline group = groups.computeIfAbsent(groupKey, PeerBaseline::new);
    List<Finding> findings = aware.onEvent(state, event, pack, group);
    aware.learnPeer(group, event, pack);
    return findings;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void sweep(
      Detector detector,
      Map<String, Object> states,
      Map<String, PeerBaseline> groups,
      Instant now) {
    states
        .values()
        .removeIf(
            state -> {
              if (detector.isExpired(state, now, pack)) {
                return true;
              }
              detector.compact(state, now, pack);
              return false;
            });
    if (detector instanceof PeerAware aware) {
      groups.values().removeIf(group -> aware.isPeerExpired(group, now, pack));
    }
  }

  /** Suppression per (rule, identity), as the alerting stage does it. */
  private final class Suppression {

    final List<Alert> alerts = new ArrayList<>();
    private final Map<String, Window> open = new LinkedHashMap<>();

    void accept(Finding finding) {
      Rule rule = pack.rule(finding.ruleId()).filter(Rule::enabled).orElse(null);
      if (rule == null) {
        return;
      }
      String key = finding.ruleId() + '\u0000' + finding.identityId();
      Window window = open.get(key);
      if (window != null && finding.triggeredAt().isBefore(window.until)) {
        window.repeats.add(finding);
        return;
      }
      if (window != null) {
        rollup(window);
        open.remove(key);
      }
      alerts.add(
          alert(
              rule,
              finding,
              finding.tokenId(),
              finding.windowStart(),
              finding.windowEnd(),
              finding.eventIds(),
              finding.summary()));
      if (!rule.suppression().isZero()) {
        open.put(key, new Window(rule, finding.triggeredAt().plus(rule.suppression())));
      }
    }

    void flush(Instant now) {
      open.values()
          .removeIf(
              window -> {
                if (now.isBefore(window.until)) {
                  return false;
                }
                rollup(window);
                return true;
              });
    }

    private void rollup(Window window) {
      if (window.repeats.isEmpty()) {
        return;
      }
      Finding first = window.repeats.get(0);
      Instant start = first.windowStart();
      Instant end = first.windowEnd();
      List<String> ids = new ArrayList<>();
      for (Finding repeat : window.repeats) {
        start = repeat.windowStart().isBefore(start) ? repeat.windowStart() : start;
        end = repeat.windowEnd().isAfter(end) ? repeat.windowEnd() : end;
        for (String id : repeat.eventIds()) {
          if (ids.size() < 20) {
            ids.add(id);
          }
        }
      }
      alerts.add(
          alert(
              window.rule,
              first,
              null,
              start,
              end,
              ids,
              "Rule " + window.rule.id() + " fired " + window.repeats.size() + " more times."));
    }

    private Alert alert(
        Rule rule,
        Finding finding,
        String tokenId,
        Instant start,
        Instant end,
        List<String> eventIds,
        String summary) {
      return Alert.newBuilder()
          .setAlertId(UUID.randomUUID().toString())
          .setRuleId(rule.id())
          .setDetection(rule.detection())
          .setSeverity(rule.severity())
          .setIdentityId(finding.identityId())
          .setIdentityType(finding.identityType())
          .setTokenId(tokenId)
          .setWindowStart(start)
          .setWindowEnd(end)
          .setDetectedAt(end)
          .setSummary(summary)
          .setEventIds(eventIds)
          .setObserved(Map.of())
          .setEventCount(eventIds.size())
          .setTags(rule.tags())
          .setAction(ResponseAction.NONE)
          .build();
    }
  }

  private static final class Window {
    final Rule rule;
    final Instant until;
    final List<Finding> repeats = new ArrayList<>();

    Window(Rule rule, Instant until) {
      this.rule = rule;
      this.until = until;
    }
  }

  private static Instant time(SpecificRecord event) {
    return event instanceof AuthEvent auth
        ? auth.getEventTime()
        : ((TokenUseEvent) event).getEventTime();
  }
}
