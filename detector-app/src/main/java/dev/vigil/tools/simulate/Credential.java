package dev.vigil.tools.simulate;

import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credentials a campaign acts with, obtained the way the victim normally obtains them: a task
 * and its task-scoped tokens for CI and agents, standing tokens otherwise. Campaign requests made
 * through a task stay inside it, so only the scenario that means to outlive a task does so.
 */
final class Credential {

  private final Actor actor;
  private final OpenTask task;
  private final Map<String, HeldToken> standing;
  private long lastUse;

  private Credential(Actor actor, OpenTask task, Map<String, HeldToken> standing, long start) {
    this.actor = actor;
    this.task = task;
    this.standing = standing;
    this.lastUse = start;
  }

  /** Credentials for {@code tools}, acquired at {@code time} and valid for {@code span} of work. */
  static Credential acquire(Actor actor, Iterable<Tool> tools, long time, long span) {
    IdentityProfile profile = actor.profile;
    if (profile.taskScoped()) {
      java.util.List<ToolHabit> habits = new java.util.ArrayList<>();
      for (Tool tool : tools) {
        habits.add(
            profile.tools().stream()
                .filter(h -> h.tool().equals(tool))
                .findFirst()
                .orElse(new ToolHabit(tool, tool.everyday(), 1.0)));
      }
      OpenTask task =
          Habits.openTask(actor, time, habits, profile.tokenLifetime().toMillis(), span);
      return new Credential(actor, task, Map.of(), task.firstUse());
    }
    long at = actor.loginIfNeeded(time);
    Map<String, HeldToken> standing = new LinkedHashMap<>();
    for (Tool tool : tools) {
      standing.computeIfAbsent(
          tool.audience(), audience -> actor.standingToken(audience, at, at + span));
    }
    return new Credential(actor, null, standing, at + 1);
  }

  /** When requests may begin: after the task started and its tokens were minted. */
  long ready() {
    return lastUse;
  }

  HeldToken token(Tool tool) {
    return task != null ? task.tokenFor(tool) : standing.get(tool.audience());
  }

  String use(long when, ToolAction action, Outcome outcome) {
    HeldToken token = token(ToolCatalog.tool(action.tool()));
    return use(when, action, outcome, actor.sourceFor(token, when));
  }

  String use(long when, ToolAction action, Outcome outcome, Source source) {
    HeldToken token = token(ToolCatalog.tool(action.tool()));
    lastUse = Math.max(lastUse, when);
    return actor.use(
        when,
        token,
        action,
        outcome,
        source,
        task == null ? null : task.sessionId(),
        task == null ? null : task.taskId(),
        task == null ? null : task.principal());
  }

  /** Completes the task, if there is one, after the last request. */
  void release() {
    if (task != null) {
      Habits.closeTask(actor, task, lastUse, actor.profile.revokesAfterTask());
    }
  }
}
