package dev.vigil.tools.simulate;

import java.time.Duration;
import java.util.List;

/** ACCESS_OUTLIVES_INTENT: task-scoped credentials used after their task, and the look-alike. */
final class IntentScenarios {

  private IntentScenarios() {}

  /**
   * A task whose token was minted with hours of lifetime for minutes of work, and is used again
   * after TASK_COMPLETED: the agent keeps acting, or someone picked the token up.
   */
  static CampaignLabel taskTokenAfterCompletion(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolHabit> tools = actor.profile.tools();
    boolean fixedStrike = plan.strikeAt() != CampaignPlan.NEVER;
    // With a fixed strike the work ends at least eight minutes before it (15 min preparation).
    long work =
        run.span(
            run.start,
            Duration.ofSeconds(20),
            fixedStrike ? Duration.ofMinutes(6) : Duration.ofMinutes(10));
    long lifetime = run.span(run.start, Duration.ofHours(1), Duration.ofHours(8));
    OpenTask task = Habits.openTask(actor, run.start, tools, lifetime, work);
    long last = task.firstUse();
    for (long when : run.times(task.firstUse(), draw.between(2, 12), work)) {
      Habits.useInTask(actor, task, when, pickAction(tools, draw), actor.usualOutcome());
      last = when;
    }
    long completed = Habits.closeTask(actor, task, last, false);
    HeldToken token = task.minted().get(0);
    long room = token.expiresAt - completed - 5_000;
    long gap = Math.min(room / 2, draw.logMillis(Duration.ofMinutes(1), Duration.ofHours(3)));
    long span =
        Math.max(
            1_000,
            Math.min(room - gap, draw.logMillis(Duration.ofSeconds(10), Duration.ofMinutes(30))));
    long firstUse = completed + Math.max(1_000, gap);
    if (fixedStrike) {
      firstUse = plan.strikeAt();
      span = Math.min(span, 15_000);
    }
    for (long when : run.times(firstUse, draw.between(1, 8), span)) {
      run.malicious(
          when,
          Habits.useInTask(
              actor,
              task,
              when,
              pickAction(audienceTools(tools, token), draw),
              actor.usualOutcome()));
    }
    return run.finish(token.id);
  }

  /**
   * Benign: a task's last calls race its completion report. Some land just before TASK_COMPLETED;
   * calls still in flight when the runner reports are logged when they end, so others land after it
   * (and after the token's revocation, where the runner revokes), by up to half a minute: a
   * gateway's common timeout.
   */
  static CampaignLabel taskTokenInFlightAtCompletion(
      CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolHabit> tools = actor.profile.tools();
    long work = run.span(run.start, Duration.ofSeconds(20), Duration.ofMinutes(10));
    OpenTask task =
        Habits.openTask(actor, run.start, tools, actor.profile.tokenLifetime().toMillis(), work);
    long last = task.firstUse();
    for (long when : run.times(task.firstUse(), draw.between(2, 10), work)) {
      Habits.useInTask(actor, task, when, pickAction(tools, draw), actor.usualOutcome());
      last = when;
    }
    // The final requests race the completion report: they land in its last half-minute.
    long completion = last + draw.betweenMillis(1_000, 30_000);
    for (long when :
        run.times(
            Math.max(last, completion - 30_000),
            draw.between(1, 4),
            completion - Math.max(last, completion - 30_000) - 50)) {
      Habits.useInTask(actor, task, when, pickAction(tools, draw), actor.usualOutcome());
    }
    long completed =
        Habits.closeTask(actor, task, completion - 200, actor.profile.revokesAfterTask());
    for (long when : run.times(completed + 500, draw.between(1, 3), 29_000)) {
      Habits.useInTask(actor, task, when, pickAction(tools, draw), actor.usualOutcome());
    }
    return run.finish(task.minted().get(0).id);
  }

  private static ToolAction pickAction(List<ToolHabit> tools, Draw draw) {
    return draw.pick(Habits.pickHabit(tools, draw).actions());
  }

  private static List<ToolHabit> audienceTools(List<ToolHabit> tools, HeldToken token) {
    return tools.stream().filter(h -> h.tool().audience().equals(token.audience)).toList();
  }
}
