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
 * privilege_burst: privileged actions in the window reach both {@code min_count} and {@code
 * multiplier} times the identity's typical count per active window (Elastic's {@code threshold},
 * with the threshold learnt per identity). Fires on the action that crosses the threshold, not on
 * every action after it; crossings in the same bucket share an evidence key and so one alert id.
 * Silent until the identity's rate is known: active on {@code min_active_days} distinct days over
 * {@code min_observations} uses, or older than {@code learning_period}. Counts include every
 * outcome, since a burst of denied privileged calls is enumeration.
 */
final class PrivilegeBurstCheck {

  private PrivilegeBurstCheck() {}

  static Optional<Finding> evaluate(
      Rule rule, IdentityBaseline state, PrivilegeUse use, ObservedEvent event, long identityAge) {
    long time = event.eventTime().toEpochMilli();
    boolean mature = state.evidence.rateKnown(identityAge, rule.params());
    if (!mature || rule.exceptions().covers(event.identityId(), use.tool(), use.ip())) {
      return Optional.empty();
    }
    BurstCounter burst = state.burst;
    double typical = burst.typical();
    double threshold =
        Math.max(rule.params().integer("min_count"), rule.params().decimal("multiplier") * typical);
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
    String rate =
        typical == 0.0
            ? "with no privileged activity in its baseline"
            : FindingWording.decimal(estimate / typical)
                + "x its typical "
                + FindingWording.decimal(typical)
                + " per active "
                + window
                + " window over "
                + FindingWording.span(rule.params().duration("horizon"));
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
                "sources", FindingWording.sources(event.source())),
            count));
  }
}
