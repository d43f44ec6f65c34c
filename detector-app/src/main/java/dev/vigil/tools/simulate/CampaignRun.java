package dev.vigil.tools.simulate;

import dev.vigil.events.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One campaign being played: records every event it plans, bounds its durations by the end of the
 * simulation, and turns the recording into its label.
 */
final class CampaignRun {

  /** How long an attack with a fixed strike and no preparation lasts at most. */
  private static final long STRIKE_SPAN = 30_000;

  final CampaignPlan plan;
  final Actor actor;
  final Draw draw;
  final long start;
  private final long deadline;
  private final Recording recording = new Recording();
  private long firstMalicious = Long.MAX_VALUE;
  private String firstMaliciousId;

  CampaignRun(CampaignPlan plan, Actor actor, long deadline) {
    this.plan = plan;
    this.actor = actor;
    this.draw = actor.draw;
    this.start = plan.start();
    // An attack with a fixed strike and no preparation plays out within STRIKE_SPAN of it (the
    // demo's minute); one that prepares keeps its own timeline up to the strike.
    this.deadline =
        plan.strikeAt() != CampaignPlan.NEVER && plan.scenario().preparation().isZero()
            ? Math.min(deadline, plan.strikeAt() + STRIKE_SPAN)
            : deadline;
    actor.startRecording(recording);
  }

  /**
   * A duration drawn log-uniformly from [min, max], shortened so what follows {@code from} ends in
   * time.
   */
  long span(long from, Duration min, Duration max) {
    long drawn = draw.logMillis(min, max);
    long room = (deadline - from) * 9 / 10;
    return Math.max(1_000, Math.min(drawn, room));
  }

  /**
   * {@code count} sorted instants in [from, from + span], the span shortened so none lies past the
   * deadline (a span measured from the campaign's start can outrun it from a later {@code from}).
   */
  long[] times(long from, int count, long span) {
    long within = Math.max(0, Math.min(span, deadline - from));
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      times[i] = from + draw.betweenMillis(0, within);
    }
    Arrays.sort(times);
    return times;
  }

  /**
   * Mostly allowed; when {@code firstAlwaysSucceeds}, the first attempt is (the attacker found a
   * lenient endpoint).
   */
  Outcome attackOutcome(int attempt, double success, boolean firstAlwaysSucceeds) {
    if (attempt == 0 && firstAlwaysSucceeds) {
      return Outcome.SUCCESS;
    }
    return draw.chance(success) ? Outcome.SUCCESS : Outcome.DENIED;
  }

  /** Admin operations the victim has never performed, at its own tools first. */
  List<ToolAction> unfamiliarAdminActions() {
    List<ToolAction> own = new ArrayList<>();
    for (ToolHabit habit : actor.profile.tools()) {
      habit.tool().admin().stream()
          .filter(a -> !actor.profile.hasHabitualAction(a))
          .forEach(own::add);
    }
    if (!own.isEmpty()) {
      return own;
    }
    List<ToolAction> pool = new ArrayList<>();
    for (String name : ToolCatalog.pool(actor.profile.type())) {
      pool.addAll(ToolCatalog.tool(name).admin());
    }
    return pool.isEmpty() ? ToolCatalog.tool("aws:iam").admin() : pool;
  }

  /**
   * Marks a planned event as malicious: the earliest one marked is the campaign's first malicious
   * event, from which time to detect is measured. Returns the event id, so a call can wrap the
   * planning call.
   */
  String malicious(long time, String eventId) {
    if (time < firstMalicious) {
      firstMalicious = time;
      firstMaliciousId = eventId;
    }
    return eventId;
  }

  CampaignLabel finish(String tokenId) {
    actor.stopRecording();
    Scenario scenario = plan.scenario();
    if (scenario.malicious() && firstMaliciousId == null) {
      throw new IllegalStateException(
          plan.campaignId() + " (" + scenario.label() + ") marked no malicious event");
    }
    return new CampaignLabel(
        plan.campaignId(),
        scenario.detection(),
        scenario.label(),
        scenario.malicious(),
        actor.profile.id(),
        tokenId,
        Instant.ofEpochMilli(recording.first),
        Instant.ofEpochMilli(recording.last),
        recording.eventIds,
        scenario.malicious() ? firstMaliciousId : null,
        scenario.malicious() ? Instant.ofEpochMilli(firstMalicious) : null,
        plan.createdAt() == CampaignPlan.EXISTED ? null : Instant.ofEpochMilli(plan.createdAt()));
  }
}
