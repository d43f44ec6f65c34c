package dev.vigil.detector.intent;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.detector.rulestore.EnabledRules;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ACCESS_OUTLIVES_INTENT ({@code task_token_after_completion}), keyed by identity: a use of a
 * token issued for a task ({@code TOKEN_ISSUED.task_id}), or a use naming the task, later than
 * that task's {@code TASK_COMPLETED} plus {@code grace}. A use before completion is the task doing
 * its work. Every event re-judges the recent uses, so a completion (or an issuance) arriving after
 * a later use still convicts that use by event time.
 */
public final class TaskIntentDetector implements Detector<IntentState> {

  /** How far back recent uses are kept for re-judging; must cover the topology's grace. */
  public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(15);

  private static final Duration DEFAULT_TASK_TTL = Duration.ofDays(7);

  private final Duration lookback;
  private final IntentStateCodec codec = new IntentStateCodec();

  public TaskIntentDetector() {
    this(DEFAULT_LOOKBACK);
  }

  public TaskIntentDetector(Duration lookback) {
    this.lookback = lookback;
  }

  @Override
  public String name() {
    return "task-intent";
  }

  @Override
  public KeyBy keyBy() {
    return KeyBy.IDENTITY;
  }

  @Override
  public boolean accepts(ObservedEvent event) {
    if (event.isUse()) {
      return event.tokenId() != null || event.taskId() != null;
    }
    AuthEvent auth = event.auth();
    return auth.getOutcome() == Outcome.SUCCESS
        && auth.getTaskId() != null
        && switch (auth.getKind()) {
          case TOKEN_ISSUED -> auth.getTokenId() != null;
          case TASK_COMPLETED -> true;
          default -> false;
        };
  }

  @Override
  public IntentState newState() {
    return new IntentState();
  }

  @Override
  public List<Finding> onEvent(IntentState state, ObservedEvent event, RulePack pack) {
    List<Rule> rules = pack.enabled(RuleKind.TASK_TOKEN_AFTER_COMPLETION);
    if (state.identityType == null) {
      state.identityType = event.identityType().name();
    }
    state.touch(event.eventTime());
    if (event.isAuth()) {
      remember(state, event.auth());
    } else {
      state.addUse(
          new IntentState.Use(
              event.eventTime(),
              event.eventId(),
              event.tokenId(),
              event.taskId(),
              event.use().getTool(),
              event.source().getIp()));
    }
    state.prune(taskTtl(pack), lookback);

    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      judge(state, event, rule, findings);
    }
    return findings;
  }

  @Override
  public boolean isExpired(IntentState state, Instant streamTime, RulePack pack) {
    return state.lastSeen == null || streamTime.isAfter(state.lastSeen.plus(taskTtl(pack)));
  }

  @Override
  public StateCodec<IntentState> codec() {
    return codec;
  }

  private static void remember(IntentState state, AuthEvent auth) {
    Instant time = auth.getEventTime();
    String taskId = auth.getTaskId();
    IntentState.Task known = state.tasks.get(taskId);
    switch (auth.getKind()) {
      case TOKEN_ISSUED -> {
        state.putToken(
            auth.getTokenId(), new IntentState.TaskToken(taskId, time, auth.getEventId()));
        state.putTask(
            taskId,
            known == null
                ? new IntentState.Task(null, null, time)
                : new IntentState.Task(
                    known.completedAt(), known.completedEventId(), later(known.lastTouched(), time)));
      }
      case TASK_COMPLETED -> {
        // The earliest completion ends the task; a duplicate completion cannot extend its life.
        boolean earliest = known == null || known.completedAt() == null || time.isBefore(known.completedAt());
        state.putTask(
            taskId,
            new IntentState.Task(
                earliest ? time : known.completedAt(),
                earliest ? auth.getEventId() : known.completedEventId(),
                known == null ? time : later(known.lastTouched(), time)));
      }
      default -> {}
    }
  }

  private static void judge(IntentState s, ObservedEvent trigger, Rule rule, List<Finding> out) {
    Duration grace = rule.params().duration("grace");
    for (IntentState.Use use : s.uses) {
      IntentState.TaskToken issued = use.tokenId() == null ? null : s.tokens.get(use.tokenId());
      String taskId = use.taskId() != null ? use.taskId() : issued == null ? null : issued.taskId();
      IntentState.Task task = taskId == null ? null : s.tasks.get(taskId);
      if (task == null
          || task.completedAt() == null
          || !use.time().isAfter(task.completedAt().plus(grace))
          || rule.exceptions().covers(trigger.identityId(), use.tool(), use.ip())
          || !s.reported.mark(rule.id() + "|" + taskId + "|" + use.tokenId())) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      if (issued != null && taskId.equals(issued.taskId())) {
        ids.add(issued.issuedEventId());
      }
      ids.add(task.completedEventId());
      ids.add(use.eventId());
      Map<String, List<String>> observed = new LinkedHashMap<>();
      observed.put("tasks", List.of(taskId));
      observed.put("completed_at", List.of(task.completedAt().toString()));
      observed.put("tools", List.of(use.tool()));
      if (use.ip() != null) {
        observed.put("sources", List.of(use.ip()));
      }
      Duration after = Duration.between(task.completedAt(), use.time());
      String summary =
          (use.tokenId() == null ? "A request" : "Token " + use.tokenId())
              + " of "
              + trigger.identityId()
              + " for task "
              + taskId
              + " was used at "
              + use.tool()
              + " "
              + after
              + " after the task completed, beyond its "
              + grace
              + " grace.";
      out.add(
          new Finding(
              rule.id(),
              trigger.identityId(),
              IdentityType.valueOf(s.identityType),
              use.tokenId(),
              taskId + "|" + use.tokenId(),
              task.completedAt(),
              use.time(),
              summary,
              ids,
              observed,
              ids.size(),
              trigger.eventTime()));
    }
  }

  private static Duration taskTtl(RulePack pack) {
    return EnabledRules.longest(
        pack, "task_ttl", DEFAULT_TASK_TTL, RuleKind.TASK_TOKEN_AFTER_COMPLETION);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}
