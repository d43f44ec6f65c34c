package dev.vigil.tools.simulate;

import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides every campaign before generation: for each detection, {@code attacksPerDetection} attacks
 * round-robin over its attack scenarios and as many benign look-alikes; victims drawn among the
 * identities the scenario fits (distinct while there are enough), start times uniform after the
 * warm-up.
 */
final class CampaignPlanner {

  private static final long STREAM = 0xCA3;

  private CampaignPlanner() {}

  /** The plans, and how many campaigns found no fitting victim in this estate. */
  record Plans(List<CampaignPlan> campaigns, int unplaced) {}

  static Plans plan(SimulationConfig config, List<IdentityProfile> profiles) {
    long warmEnd = config.start().toEpochMilli() + config.warmUp().toMillis();
    long end = config.end().toEpochMilli();
    return plan(config, profiles, warmEnd, end - Math.min(7_200_000L, (end - warmEnd) / 5));
  }

  /**
   * As {@link #plan(SimulationConfig, List)}, but every campaign starts within [{@code from},
   * {@code until}] (epoch millis) instead of anywhere after the warm-up: the demo wants its attacks
   * in the first minute of live traffic, with the rest of the day left for them to play out.
   */
  static Plans plan(
      SimulationConfig config, List<IdentityProfile> profiles, long from, long until) {
    Draw draw = Draw.of(config.seed(), STREAM, 0);
    long start = config.start().toEpochMilli();
    long end = config.end().toEpochMilli();
    long span = end - start;
    boolean[] used = new boolean[profiles.size()];
    boolean[] exclusive = new boolean[profiles.size()];
    List<CampaignPlan> plans = new ArrayList<>();
    int unplaced = 0;
    for (Detection detection : Detection.values()) {
      for (boolean malicious : new boolean[] {true, false}) {
        List<Scenario> scenarios = Scenario.of(detection, malicious);
        for (int i = 0; i < config.attacksPerDetection() && !scenarios.isEmpty(); i++) {
          Scenario scenario = scenarios.get(i % scenarios.size());
          IdentityProfile victim = victim(scenario, profiles, used, exclusive, draw);
          IdentityProfile accomplice =
              scenario == Scenario.BOUND_TOKEN_OTHER_WORKLOAD && victim != null
                  ? accomplice(victim, profiles, draw)
                  : null;
          if (victim == null
              || (scenario == Scenario.BOUND_TOKEN_OTHER_WORKLOAD && accomplice == null)) {
            unplaced++;
            continue;
          }
          used[victim.index()] = true;
          exclusive[victim.index()] = scenario.onboards() || scenario.silences();
          long at;
          long quietFrom = Long.MAX_VALUE;
          if (scenario.silences()) {
            quietFrom = start + (long) (span * (0.10 + 0.15 * draw.unit()));
            // Dormant victims wake late in the run; never after the window's end.
            at = draw.betweenMillis(Math.min(Math.max(from, end - span / 5), until), until);
          } else {
            at = draw.betweenMillis(from, until);
          }
          String id = String.format("camp-%03d", plans.size() + unplaced);
          plans.add(new CampaignPlan(id, scenario, victim, at, quietFrom, accomplice));
        }
      }
    }
    return new Plans(List.copyOf(plans), unplaced);
  }

  private static IdentityProfile victim(
      Scenario scenario,
      List<IdentityProfile> profiles,
      boolean[] used,
      boolean[] exclusive,
      Draw draw) {
    boolean mustBeFresh = scenario.onboards() || scenario.silences();
    List<IdentityProfile> fresh = new ArrayList<>();
    List<IdentityProfile> reusable = new ArrayList<>();
    for (IdentityProfile profile : profiles) {
      if (exclusive[profile.index()] || !scenario.canTarget(profile)) {
        continue;
      }
      (used[profile.index()] ? reusable : fresh).add(profile);
    }
    if (!fresh.isEmpty()) {
      return draw.pick(fresh);
    }
    return mustBeFresh || reusable.isEmpty() ? null : draw.pick(reusable);
  }

  private static IdentityProfile accomplice(
      IdentityProfile victim, List<IdentityProfile> profiles, Draw draw) {
    List<IdentityProfile> workloads =
        profiles.stream()
            .filter(p -> p.type() == IdentityType.WORKLOAD && p.index() != victim.index())
            .toList();
    return workloads.isEmpty() ? null : draw.pick(workloads);
  }
}
