package dev.vigil.tools.simulate;

import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordinary work of an identity: sessions against its tools with standing tokens, or tasks with
 * task-scoped tokens (CI jobs, agent requests). Campaigns open and close tasks through the same
 * methods, so their tasks look exactly like ordinary ones.
 */
final class Habits {

  private Habits() {}

  /** Plans one ordinary activity starting at {@code time}. */
  static void activity(Actor actor, long time) {
    IdentityProfile profile = actor.profile;
    List<ToolHabit> tools = actor.habitsAt(time);
    if (profile.taskScoped()) {
      Draw draw = actor.draw;
      int uses = draw.burst(profile.usesPerActivity(), 60);
      double perUse = profile.type() == IdentityType.CI_PIPELINE ? 25_000 : 12_000;
      long span = Math.max(1_000, Math.round(draw.exponential(uses * perUse)));
      OpenTask task = openTask(actor, time, tools, profile.tokenLifetime().toMillis(), span);
      long last = task.firstUse();
      for (int i = 0; i < uses; i++) {
        long when = task.firstUse() + draw.betweenMillis(0, span);
        ToolHabit habit = pickHabit(tools, draw);
        useInTask(actor, task, when, draw.pick(habit.actions()), actor.usualOutcome());
        last = Math.max(last, when);
      }
      closeTask(actor, task, last, profile.revokesAfterTask());
    } else {
      session(actor, time);
    }
  }

  /** A burst of requests to one habitual tool with a standing token. */
  static void session(Actor actor, long time) {
    Draw draw = actor.draw;
    IdentityProfile profile = actor.profile;
    long at = actor.loginIfNeeded(time);
    ToolHabit habit = pickHabit(actor.habitsAt(time), draw);
    long[] times = sessionTimes(actor, at);
    HeldToken token = actor.standingToken(habit.tool().audience(), at, times[times.length - 1]);
    String session =
        profile.type() == IdentityType.HUMAN ? "sess-" + token.id.substring(4, 12) : null;
    for (long when : times) {
      actor.use(
          when,
          token,
          draw.pick(habit.actions()),
          actor.usualOutcome(),
          actor.sourceFor(token, when),
          session,
          null,
          null);
    }
  }

  /**
   * The request times of one of the identity's ordinary sessions starting at {@code at}: as many
   * requests as its activities hold, a few seconds apart (tens of seconds for a person).
   */
  static long[] sessionTimes(Actor actor, long at) {
    Draw draw = actor.draw;
    IdentityProfile profile = actor.profile;
    int uses = draw.burst(profile.usesPerActivity(), 80);
    double gap = profile.type() == IdentityType.HUMAN ? 20_000 : 2_500;
    long[] times = new long[uses];
    long t = at;
    for (int i = 0; i < uses; i++) {
      t += Math.round(draw.exponential(gap));
      times[i] = t;
    }
    return times;
  }

  /**
   * Starts a task: TASK_STARTED, then one task-scoped token per audience of {@code tools}, valid
   * for at least {@code lifetime} and long enough to cover {@code span} of work.
   */
  static OpenTask openTask(
      Actor actor, long time, List<ToolHabit> tools, long lifetime, long span) {
    Draw draw = actor.draw;
    IdentityProfile profile = actor.profile;
    String taskId = actor.newTaskId();
    String principal = profile.principals().isEmpty() ? null : draw.pick(profile.principals());
    Map<String, String> started =
        principal != null
            ? Map.of(
                "on_behalf_of",
                principal,
                "trigger",
                draw.pick(List.of("chat", "ticket", "schedule")))
            : Map.of(
                "trigger",
                draw.pick(List.of("push", "pull_request", "schedule", "workflow_dispatch")));
    actor.authEvent(
        time, AuthEventKind.TASK_STARTED, Outcome.SUCCESS, null, null, List.of(), taskId, started);
    long at = time + draw.betweenMillis(50, 900);
    long tokenLifetime = Math.max(lifetime, span + 120_000);
    Map<String, HeldToken> tokens = new LinkedHashMap<>();
    List<HeldToken> minted = new ArrayList<>();
    for (ToolHabit habit : tools) {
      String audience = habit.tool().audience();
      if (!tokens.containsKey(audience)) {
        List<String> scopes =
            actor.habitualScopes(audience).isEmpty()
                ? habit.scopes()
                : actor.habitualScopes(audience);
        HeldToken token =
            actor.issue(
                AuthEventKind.TOKEN_ISSUED, audience, at, tokenLifetime, scopes, taskId, Map.of());
        tokens.put(audience, token);
        minted.add(token);
        at += draw.betweenMillis(20, 400);
      }
    }
    return new OpenTask(
        taskId, "sess-" + taskId.substring(5), principal, tokens, List.copyOf(minted), at);
  }

  static String useInTask(
      Actor actor, OpenTask task, long when, ToolAction action, Outcome outcome) {
    HeldToken token = task.tokenFor(ToolCatalog.tool(action.tool()));
    return actor.use(
        when,
        token,
        action,
        outcome,
        actor.sourceFor(token, when),
        task.sessionId(),
        task.taskId(),
        task.principal());
  }

  /** Completes a task after its last use; returns when TASK_COMPLETED happened. */
  static long closeTask(Actor actor, OpenTask task, long lastUse, boolean revoke) {
    Draw draw = actor.draw;
    long completed = Math.max(lastUse, task.firstUse()) + draw.betweenMillis(200, 15_000);
    actor.authEvent(
        completed,
        AuthEventKind.TASK_COMPLETED,
        Outcome.SUCCESS,
        null,
        null,
        List.of(),
        task.taskId(),
        Map.of("status", draw.chance(0.95) ? "succeeded" : "failed"));
    if (revoke) {
      for (HeldToken token : task.minted()) {
        actor.authEvent(
            completed + draw.betweenMillis(100, 3_000),
            AuthEventKind.TOKEN_REVOKED,
            Outcome.SUCCESS,
            token,
            token.audience,
            List.of(),
            task.taskId(),
            Map.of("reason", "task_completed"));
      }
    }
    return completed;
  }

  static ToolHabit pickHabit(List<ToolHabit> habits, Draw draw) {
    double total = 0;
    for (ToolHabit habit : habits) {
      total += habit.weight();
    }
    double u = draw.unit() * total;
    for (ToolHabit habit : habits) {
      u -= habit.weight();
      if (u < 0) {
        return habit;
      }
    }
    return habits.get(habits.size() - 1);
  }
}
