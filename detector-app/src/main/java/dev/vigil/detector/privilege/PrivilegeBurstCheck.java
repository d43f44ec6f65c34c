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
 *       its typical count per active window;
 *   <li>before that, {@code peer_multiplier} times its peer group's busy window: the count that
 *       {@code peer_percentile} of the group's active windows stayed within over the horizon. Only
 *       a group of at least {@code peer_min_members} peers that has closed {@code peer_min_windows}
 *       windows judges; without one a young identity's burst is left alone. A high percentile
 *       rather than the group's typical window is what keeps peers' varied rates from standing in
 *       for the identity's own: the young identity fires only far above what the group's busiest
 *       members routinely do.
 * </ul>
 *
 * Fires on the action that crosses the threshold, not on every action after it; crossings in the
 * same bucket share an evidence key and so one alert id. Counts include every outcome, since a
 * burst of denied privileged calls is enumeration.
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
    String self = event.identityId();
    boolean mature = state.evidence.rateKnown(identityAge, params);
    if (!mature && !peersJudge(peers, self, params)) {
      return Optional.empty();
    }
    BurstCounter burst = state.burst;
    double typical = burst.typical();
    int busy = mature ? 0 : peers.busyWindow(params.decimal("peer_percentile"));
    double scale =
        mature ? params.decimal("multiplier") * typical : params.decimal("peer_multiplier") * busy;
    double threshold = Math.max(params.integer("min_count"), scale);
    long time = event.eventTime().toEpochMilli();
    double estimate = burst.estimate(time);
    if (estimate < threshold || estimate - 1.0 >= threshold) {
      return Optional.empty();
    }
    List<String> eventIds = new ArrayList<>(burst.eventIds);
    if (!eventIds.contains(event.eventId())) {
      eventIds.add(event.eventId());
    }
    long count = (long) Math.floor(estimate);
    String window = FindingWording.span(burst.bucketMillis);
    String horizon = FindingWording.span(params.duration("horizon"));
    String rate;
    if (!mature) {
      rate =
          FindingWording.decimal(estimate / Math.max(1, busy))
              + "x the "
              + busy
              + " that "
              + FindingWording.decimal(100 * params.decimal("peer_percentile"))
              + "% of its "
              + peers.peers(self)
              + " peers' active "
              + window
              + " windows stayed within over "
              + horizon
              + " ("
              + peers.group()
              + "); its own rate is not known yet ("
              + progress(state, identityAge, params)
              + ")";
    } else if (typical == 0.0) {
      rate = "with no privileged activity in its baseline";
    } else {
      rate =
          FindingWording.decimal(estimate / typical)
              + "x its typical "
              + FindingWording.decimal(typical)
              + " per active "
              + window
              + " window over "
              + horizon;
    }
    String summary =
        event.identityId()
            + " made "
            + count
            + " privileged calls within "
            + window
            + ", "
            + rate
            + " (privileges: "
            + String.join(", ", burst.privileges)
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
                "privileges", List.copyOf(burst.privileges),
                "tools", List.of(use.tool()),
                "sources", FindingWording.sources(event.source()),
                "judged_against", List.of(mature ? "own baseline" : "peer group")),
            count));
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
