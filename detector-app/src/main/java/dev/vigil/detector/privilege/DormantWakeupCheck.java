package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dormant_wakeup: an identity silent for at least {@code dormancy} whose activity within {@code
 * wake_window} of waking includes a privileged action (Sigma's {@code temporal_ordered}: silence,
 * then privilege). Every outcome counts: a denied privileged call on waking is as telling as a
 * successful one. Every privileged action in the wake window yields a finding with the same
 * evidence key, so they share one alert id and the alerting stage merges them into one alert with a
 * count.
 */
final class DormantWakeupCheck {

  private DormantWakeupCheck() {}

  static Optional<Finding> evaluate(
      Rule rule, IdentityBaseline state, PrivilegeUse use, ObservedEvent event) {
    long time = event.eventTime().toEpochMilli();
    if (!use.privileged() || !state.hasWake()) {
      return Optional.empty();
    }
    long silence = state.wokeAt - state.silentSince;
    long sinceWake = time - state.wokeAt;
    if (silence < rule.params().duration("dormancy").toMillis()
        || sinceWake < 0
        || sinceWake > rule.params().duration("wake_window").toMillis()
        || rule.exceptions().covers(event.identityId(), use.tool(), use.ip())) {
      return Optional.empty();
    }
    List<String> eventIds = new ArrayList<>(2);
    if (state.wakeEventId != null && !state.wakeEventId.equals(event.eventId())) {
      eventIds.add(state.wakeEventId);
    }
    eventIds.add(event.eventId());
    String summary =
        event.identityId()
            + " was silent for "
            + FindingWording.span(silence)
            + " (last seen "
            + FindingWording.time(state.silentSince)
            + ") and "
            + (sinceWake == 0
                ? "woke straight into"
                : FindingWording.span(sinceWake) + " after waking made")
            + " a privileged call with '"
            + use.privilege()
            + "' at "
            + use.tool()
            + " ("
            + use.outcome()
            + ").";
    return Optional.of(
        Finding.of(
            rule,
            event,
            "wake@" + state.wokeAt,
            Instant.ofEpochMilli(state.wokeAt),
            summary,
            eventIds,
            Map.of(
                "privileges", List.of(use.privilege()),
                "tools", List.of(use.tool()),
                "actions", List.of(use.action()),
                "sources", FindingWording.sources(event.source()),
                "last_seen", List.of(FindingWording.time(state.silentSince))),
            eventIds.size()));
  }
}
