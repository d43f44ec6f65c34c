package dev.vigil.tools.simulate;

import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides every campaign before generation: for each detection, {@code attacksPerDetection} attacks
 * round-robin over its attack scenarios and as many benign look-alikes; victims drawn among the
 * identities the scenario fits (distinct while there are enough), start times uniform after the
 * warm-up and clear of an outage. A share of attacks ({@link SimulationConfig#newIdentityShare})
 * targets identities created after the start, some hours to weeks before the attack.
 */
final class CampaignPlanner {

  private static final long STREAM = 0xCA3;
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long DAY = Duration.ofDays(1).toMillis();

  private CampaignPlanner() {}

  /** The plans, and how many campaigns found no fitting victim in this estate. */
  record Plans(List<CampaignPlan> campaigns, int unplaced) {}

  static Plans plan(SimulationConfig config, List<IdentityProfile> profiles) {
    long warmEnd = config.start().toEpochMilli() + config.warmUp().toMillis();
    long end = config.end().toEpochMilli();
    return plan(config, profiles, warmEnd, end - Math.min(7_200_000L, (end - warmEnd) / 5), false);
  }

  /**
   * As {@link #plan(SimulationConfig, List)}, but every attack strikes (its first malicious event)
   * within [{@code from}, {@code until}] (epoch millis), and every look-alike starts there: the
   * demo wants all of them in its first minute of live traffic. An attack whose scenario prepares
   * for a while first (a task that completes minutes before its token is misused, a token revoked
   * before it is replayed) starts that much earlier, so its preparation lies in the history.
   */
  static Plans planStrikes(
      SimulationConfig config, List<IdentityProfile> profiles, long from, long until) {
    return plan(config, profiles, from, until, true);
  }

  private static Plans plan(
      SimulationConfig config,
      List<IdentityProfile> profiles,
      long from,
      long until,
      boolean strikes) {
    Draw draw = Draw.of(config.seed(), STREAM, 0);
    Draw young = Draw.of(config.seed(), STREAM + 1, 0);
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
          // An attack on an identity created after Vigil started: drawn from its own stream, so
          // the rest of the plan is the same with or without such attacks.
          long at = outside(config, draw, from, until);
          boolean onNew =
              malicious
                  && !scenario.silences()
                  && young.chance(config.newIdentityShare())
                  && at - start >= 2 * HOUR;
          IdentityProfile victim = victim(scenario, profiles, used, exclusive, draw, onNew);
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
          exclusive[victim.index()] = scenario.onboards() || scenario.silences() || onNew;
          long quietFrom = CampaignPlan.NEVER;
          long quietUntil = CampaignPlan.NEVER;
          long createdAt = scenario.onboards() ? at : CampaignPlan.EXISTED;
          switch (scenario) {
            case DORMANT_WAKEUP_ADMIN -> {
              quietFrom = start + (long) (span * (0.10 + 0.15 * draw.unit()));
              // Dormant victims wake late in the run; never after the window's end, nor while Vigil
              // is down.
              at = draw.betweenMillis(Math.min(Math.max(from, end - span / 5), until), until);
              if (!config.outage().isZero()
                  && at < config.outageEnd().toEpochMilli() + DAY
                  && at > config.outageStart().toEpochMilli() - DAY) {
                at = Math.min(until, config.outageEnd().toEpochMilli() + DAY + (at % HOUR));
              }
              if (strikes) {
                // The demo's victim shows its rhythm on two days, then falls silent 42-46 hours.
                quietFrom = at - 42 * HOUR - draw.betweenMillis(0, 4 * HOUR);
              }
            }
            case HOLIDAY_PAUSE_RESUME -> {
              // A holiday of nine to sixteen days; in a short run, most of the time before it ends.
              long pause =
                  Math.min(
                      draw.logMillis(Duration.ofDays(9), Duration.ofDays(16)),
                      (until - start) * 6 / 10);
              at = Math.max(at, Math.min(until, start + span / 20 + pause));
              quietFrom = at - pause;
              quietUntil = at;
            }
            case MONTHLY_JOB -> {
              // Silent but for its runs, every four weeks from early in the run.
              quietFrom = start;
              at = start + draw.betweenMillis(0, Math.min(DAY * 2, span / 4));
            }
            default -> {}
          }
          if (onNew) {
            createdAt = at - draw.betweenMillis(HOUR, at - start);
          }
          long strikeAt = strikes && malicious ? at : CampaignPlan.NEVER;
          at -= strikes && malicious ? scenario.preparation().toMillis() : 0;
          String id = String.format("camp-%03d", plans.size() + unplaced);
          plans.add(
              new CampaignPlan(
                  id,
                  scenario,
                  victim,
                  at,
                  quietFrom,
                  quietUntil,
                  createdAt,
                  accomplice,
                  strikeAt));
        }
      }
    }
    return new Plans(List.copyOf(plans), unplaced);
  }

  /**
   * A start in [{@code from}, {@code until}] clear of the outage by a day on either side (so no
   * campaign loses events to it), when the run has one and such a start can be found.
   */
  private static long outside(SimulationConfig config, Draw draw, long from, long until) {
    long at = when(config, draw, from, until);
    if (config.outage().isZero()) {
      return at;
    }
    long blockedFrom = config.outageStart().toEpochMilli() - DAY;
    long blockedTo = config.outageEnd().toEpochMilli() + DAY;
    for (int tries = 0; tries < 50 && at >= blockedFrom && at <= blockedTo; tries++) {
      at = when(config, draw, from, until);
    }
    return at;
  }

  /** Day ranges since the start, in days: [1, 2), [2, 4), [4, 8), [8, 15), [15, ...). */
  private static final long[] RANGES = {0, 1, 3, 7, 14, Long.MAX_VALUE / DAY};

  /**
   * A start in [{@code from}, {@code until}]: uniform in time, or, when the config spreads
   * campaigns over days, a day range (among those overlapping the interval) picked uniformly, then
   * a time uniform within it.
   */
  private static long when(SimulationConfig config, Draw draw, long from, long until) {
    if (!config.spreadOverDays()) {
      return draw.betweenMillis(from, until);
    }
    long start = config.start().toEpochMilli();
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i + 1 < RANGES.length; i++) {
      long lo = Math.max(from, start + RANGES[i] * DAY);
      long hi =
          Math.min(
              until, RANGES[i + 1] >= Long.MAX_VALUE / DAY ? until : start + RANGES[i + 1] * DAY);
      if (lo < hi) {
        ranges.add(new long[] {lo, hi});
      }
    }
    if (ranges.isEmpty()) {
      return draw.betweenMillis(from, until);
    }
    long[] range = draw.pick(ranges);
    return draw.betweenMillis(range[0], range[1]);
  }

  private static IdentityProfile victim(
      Scenario scenario,
      List<IdentityProfile> profiles,
      boolean[] used,
      boolean[] exclusive,
      Draw draw,
      boolean onNew) {
    boolean mustBeFresh = scenario.onboards() || scenario.silences() || onNew;
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
