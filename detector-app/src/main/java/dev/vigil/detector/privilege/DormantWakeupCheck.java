package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dormant_wakeup: an identity silent for longer than is normal for it whose activity within {@code
 * wake_window} of waking includes a privileged action (Sigma's {@code temporal_ordered}: silence,
 * then privilege). How long is "longer than normal" follows the identity's own rhythm:
 *
 * <ul>
 *   <li>a silence of at least {@code dormancy} (the ceiling) is dormancy for anyone, and any
 *       privileged action on waking fires, as the classic rule does;
 *   <li>below it, once the identity's rhythm has been seen on {@code min_active_days} distinct
 *       days, a silence of at least {@code rhythm_multiplier} times the longest silence it had
 *       shown is dormancy, but never one shorter than {@code min_dormancy} (the floor). Such a wake
 *       fires only on a privileged permission outside the identity's own baseline: a job resuming
 *       its usual work after a holiday, or after Vigil itself was down, is routine, however
 *       privileged.
 * </ul>
 *
 * Every outcome counts: a denied privileged call on waking is as telling as a successful one. Every
 * privileged action in the wake window that qualifies yields a finding with the same evidence key,
 * so they share one alert id and the alerting stage merges them into one alert with a count.
 */
final class DormantWakeupCheck {

  private DormantWakeupCheck() {}

  /** The floor a rule actually applies: {@code min_dormancy}, but never above its ceiling. */
  static Duration floor(RuleParams params) {
    Duration floor = params.duration("min_dormancy");
    Duration ceiling = params.duration("dormancy");
    return floor.compareTo(ceiling) <= 0 ? floor : ceiling;
  }

  /**
   * The silence after which this rule calls the identity dormant, given the rhythm it had shown
   * before the silence: the ceiling until its rhythm is known.
   */
  static long threshold(RuleParams params, long longestGap, int activeDays) {
    long ceiling = params.duration("dormancy").toMillis();
    if (activeDays < params.integer("min_active_days")) {
      return ceiling;
    }
    double byRhythm = params.decimal("rhythm_multiplier") * longestGap;
    long floor = floor(params).toMillis();
    return (long) Math.min(ceiling, Math.max(floor, byRhythm));
  }

  static Optional<Finding> evaluate(
      Rule rule,
      IdentityBaseline state,
      PrivilegeUse use,
      ObservedEvent event,
      long horizonMillis) {
    long time = event.eventTime().toEpochMilli();
    if (!use.privileged() || !state.hasWake()) {
      return Optional.empty();
    }
    RuleParams params = rule.params();
    long silence = state.wokeAt - state.silentSince;
    long sinceWake = time - state.wokeAt;
    long ceiling = params.duration("dormancy").toMillis();
    long threshold = threshold(params, state.wakeLongestGap, state.wakeActiveDays);
    if (silence < threshold
        || sinceWake < 0
        || sinceWake > params.duration("wake_window").toMillis()
        || rule.exceptions().covers(event.identityId(), use.tool(), use.ip())) {
      return Optional.empty();
    }
    boolean byRhythm = silence < ceiling;
    if (byRhythm) {
      Long lastUsed = state.privileges.get(use.privilege());
      if (lastUsed != null && lastUsed >= time - horizonMillis) {
        return Optional.empty();
      }
    }
    List<String> eventIds = new ArrayList<>(2);
    if (state.wakeEventId != null && !state.wakeEventId.equals(event.eventId())) {
      eventIds.add(state.wakeEventId);
    }
    eventIds.add(event.eventId());
    String why =
        byRhythm
            ? "; its longest silence before was "
                + FindingWording.span(state.wakeLongestGap)
                + ", so it was dormant past "
                + FindingWording.span(threshold)
                + ", and the privilege is not among those it used"
            : "";
    String summary =
        event.identityId()
            + " was silent for "
            + FindingWording.span(silence)
            + " (last seen "
            + FindingWording.time(state.silentSince)
            + why
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
