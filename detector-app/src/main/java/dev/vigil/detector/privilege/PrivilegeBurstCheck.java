package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.baseline.PeerView;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * privilege_burst: privileged actions in the window reach {@code min_count} and a threshold learnt
 * for the identity (Elastic's {@code threshold}, with the threshold learnt per identity), judged by
 * what is known of it:
 *
 * <ul>
 *   <li>once its own rate is known — active on {@code min_active_days} distinct days over {@code
 *       min_observations} uses, or older than {@code learning_period} — {@code multiplier} times
 *       its typical count per active window, of all its privileged actions or ({@code
 *       per_privilege}) of the one permission the action used, once that permission's own rate
 *       rests on {@code min_observations} uses within about a horizon. The second is the same
 *       threshold grouped by identity and permission: an identity that decrypts twenty times in a
 *       busy window and updates function code twice has a typical total of three, against which 23
 *       code updates in five minutes are only 7.5x, while they are 12x its code updates;
 *   <li>before that, {@code peer_multiplier} times its peer group's busy window: the count that
 *       {@code peer_percentile} of the group's active windows stayed within over the horizon. Only
 *       a group of at least {@code peer_min_members} peers that has closed {@code peer_min_windows}
 *       windows judges; without one a young identity's burst is left alone. A high percentile
 *       rather than the group's typical window is what keeps peers' varied rates from standing in
 *       for the identity's own: the young identity fires only far above what the group's busiest
 *       members routinely do.
 * </ul>
 *
 * Fires on the action that crosses a threshold, not on every action after it; crossings in the same
 * bucket share an evidence key and so one alert id, whichever threshold they crossed. Counts
 * include every outcome, since a burst of denied privileged calls is enumeration.
 */
final class PrivilegeBurstCheck {

  private PrivilegeBurstCheck() {}

  static Optional<Finding> evaluate(
      Rule rule,
      IdentityBaseline state,
      PrivilegeUse use,
      ObservedEvent event,
      long identityAge,
      PeerView peers) {
    RuleParams params = rule.params();
    if (rule.exceptions().covers(event.identityId(), use.tool(), use.ip())) {
      return Optional.empty();
    }
    long time = event.eventTime().toEpochMilli();
    if (state.evidence.rateKnown(identityAge, params)) {
      return ownRate(rule, state, use, event, time)
          .or(() -> ownRateOfPrivilege(rule, state, use, event, time));
    }
    if (!peersJudge(peers, event.identityId(), params)) {
      return Optional.empty();
    }
    return peerRate(rule, state, use, event, time, identityAge, peers);
  }

  /** Its privileged actions in all against its own typical count. */
  private static Optional<Finding> ownRate(
      Rule rule, IdentityBaseline state, PrivilegeUse use, ObservedEvent event, long time) {
    RuleParams params = rule.params();
    BurstCounter burst = state.burst;
    double typical = burst.typical();
    double estimate = burst.estimate(time);
    if (!crosses(estimate, threshold(params, params.decimal("multiplier") * typical))) {
      return Optional.empty();
    }
    String rate =
        typical == 0.0
            ? "with no privileged activity in its baseline"
            : times(estimate, typical)
                + " per active "
                + window(burst)
                + " window over "
                + horizon(params);
    return finding(
        rule,
        state,
        use,
        event,
        time,
        estimate,
        privilegedCalls(estimate, burst) + rate,
        "own baseline");
  }

  /** The action's permission against the identity's own typical count of that permission. */
  private static Optional<Finding> ownRateOfPrivilege(
      Rule rule, IdentityBaseline state, PrivilegeUse use, ObservedEvent event, long time) {
    RuleParams params = rule.params();
    if (!params.flag("per_privilege")) {
      return Optional.empty();
    }
    BurstCounter burst = state.burst;
    PrivilegeRate rate = burst.rate(use.privilege());
    if (rate == null || rate.sum < params.integer("min_observations")) {
      return Optional.empty();
    }
    double all = burst.estimate(time);
    if (all >= threshold(params, params.decimal("multiplier") * burst.typical())) {
      // The total is at its threshold already: it has fired or fires, and says more.
      return Optional.empty();
    }
    double typical = rate.typical();
    double estimate = burst.estimate(time, use.privilege());
    if (!crosses(estimate, threshold(params, params.decimal("multiplier") * typical))) {
      return Optional.empty();
    }
    String summary =
        (long) Math.floor(estimate)
            + " "
            + use.privilege()
            + " calls within "
            + window(burst)
            + ", "
            + times(estimate, typical)
            + " of that permission per active "
            + window(burst)
            + " window over "
            + horizon(params)
            + " ("
            + (long) Math.floor(all)
            + " privileged calls in all: "
            + times(all, burst.typical())
            + ")";
    return finding(rule, state, use, event, time, estimate, summary, "own baseline");
  }

  /** A young identity's privileged actions against its peer group's busy window. */
  private static Optional<Finding> peerRate(
      Rule rule,
      IdentityBaseline state,
      PrivilegeUse use,
      ObservedEvent event,
      long time,
      long identityAge,
      PeerView peers) {
    RuleParams params = rule.params();
    BurstCounter burst = state.burst;
    int busy = peers.busyWindow(params.decimal("peer_percentile"));
    double estimate = burst.estimate(time);
    if (!crosses(estimate, threshold(params, params.decimal("peer_multiplier") * busy))) {
      return Optional.empty();
    }
    String rate =
        FindingWording.decimal(estimate / Math.max(1, busy))
            + "x the "
            + busy
            + " that "
            + FindingWording.decimal(100 * params.decimal("peer_percentile"))
            + "% of its "
            + peers.peers(event.identityId())
            + " peers' active "
            + window(burst)
            + " windows stayed within over "
            + horizon(params)
            + " ("
            + peers.group()
            + "); its own rate is not known yet ("
            + progress(state, identityAge, params)
            + ")";
    return finding(
        rule,
        state,
        use,
        event,
        time,
        estimate,
        privilegedCalls(estimate, burst) + rate,
        "peer group");
  }

  private static double threshold(RuleParams params, double scaled) {
    return Math.max(params.integer("min_count"), scaled);
  }

  /** Whether the count just reached the threshold: the first action at or over it. */
  private static boolean crosses(double estimate, double threshold) {
    return estimate >= threshold && estimate - 1.0 < threshold;
  }

  private static String privilegedCalls(double estimate, BurstCounter burst) {
    return (long) Math.floor(estimate) + " privileged calls within " + window(burst) + ", ";
  }

  private static String times(double estimate, double typical) {
    return FindingWording.decimal(estimate / typical)
        + "x its typical "
        + FindingWording.decimal(typical);
  }

  private static String window(BurstCounter burst) {
    return FindingWording.span(burst.bucketMillis);
  }

  private static String horizon(RuleParams params) {
    return FindingWording.span(params.duration("horizon"));
  }

  /**
   * The burst finding on {@code event}: {@code what} it made, judged against {@code judgedAgainst}.
   */
  private static Optional<Finding> finding(
      Rule rule,
      IdentityBaseline state,
      PrivilegeUse use,
      ObservedEvent event,
      long time,
      double estimate,
      String what,
      String judgedAgainst) {
    BurstCounter burst = state.burst;
    List<String> eventIds = new ArrayList<>(burst.eventIds);
    if (!eventIds.contains(event.eventId())) {
      eventIds.add(event.eventId());
    }
    List<String> privileges = burst.privilegesInBucket();
    String summary =
        event.identityId()
            + " made "
            + what
            + " (privileges: "
            + String.join(", ", privileges)
            + ").";
    return Optional.of(
        Finding.of(
            rule,
            event,
            "burst@" + burst.bucketStart,
            Instant.ofEpochMilli(
                burst.previousCount > 0 ? time - burst.bucketMillis : burst.bucketStart),
            summary,
            eventIds,
            Map.of(
                "privileges", List.copyOf(privileges),
                "tools", List.of(use.tool()),
                "sources", FindingWording.sources(event.source()),
                "judged_against", List.of(judgedAgainst)),
            (long) Math.floor(estimate)));
  }

  /** Whether the identity's peers are enough, and have shown enough windows, to judge it. */
  private static boolean peersJudge(PeerView peers, String self, RuleParams params) {
    return peers.judges(self, params.integer("peer_min_members"))
        && peers.windows() >= params.integer("peer_min_windows");
  }

  /** For an alert: how far the identity's own rate is from known. */
  private static String progress(IdentityBaseline state, long age, RuleParams params) {
    int days = params.integer("min_active_days");
    int uses = params.integer("min_observations");
    return Math.min(state.evidence.activeDays(), days)
        + " of "
        + days
        + " active days, "
        + Math.min(state.evidence.uses(), uses)
        + " of "
        + uses
        + " uses, known for "
        + FindingWording.span(age)
        + " of "
        + FindingWording.span(params.duration("learning_period"));
  }
}
