package dev.vigil.detector.intent;

import static dev.vigil.detector.state.ByEventTime.later;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.detector.profile.ProfileBuilder;
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
 * ACCESS_OUTLIVES_INTENT ({@code task_token_after_completion}, and the response {@code
 * task_end_revocation} in {@link TaskEndRevocation}), keyed by identity: a use of a token issued
 * for a task ({@code TOKEN_ISSUED.task_id}), or a use naming the task, later than that task's
 * {@code TASK_COMPLETED} plus {@code grace}. A use before completion is the task doing its work. A
 * completion or an issuance re-judges the recent uses, so one arriving after a later use still
 * convicts that use by event time; a use judges itself, and the others only when they may not have
 * been judged as things stand (see {@link #onEvent}).
 *
 * <p>State size, and what it costs. A completed task is kept {@code task_ttl} after it was last
 * touched, since a use naming it can come any time in that span, but only as its id, completion
 * time and completion event id. A task not yet completed is not kept: no use of it can convict
 * until it completes, and the completion creates the entry. A token issued for a task is kept until
 * it is past its {@code token_expires_at} plus the TOKEN_REPLAY {@code clock_skew} plus the
 * lookback, both at every event and in the hourly {@link #compact}: a later use that carries that
 * token but does not name the task is not an ACCESS_OUTLIVES_INTENT finding here, it is a
 * TOKEN_REPLAY expired-use finding ({@code token_revoked_or_expired_use}). A use that names the
 * task still convicts through the task. With no enabled expired-use rule to catch it, or no expiry
 * known, a token is kept {@code task_ttl} after its issuance as before.
 */
public final class TaskIntentDetector implements Detector<IntentState> {

  private final Duration lookback;
  private final IntentStateCodec codec = new IntentStateCodec();

  public TaskIntentDetector() {
    this(Detector.DEFAULT_LOOKBACK);
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
    if (state.identityType() == null) {
      state.identityType(event.identityType().name());
    }
    state.touch(event.eventTime());
    IntentState.Use added = null;
    // A use event changes no task or token, so when every use held was judged since they last
    // changed (with this pack, no reported key forgotten since), the others' verdicts stand and
    // only the new use is judged: re-reading all 64 uses and looking up their tokens and tasks at
    // every event was, with encoding them, what each event cost this detector.
    boolean onlyTheNewUse = event.isUse() && state.judgedAllWith(pack);
    if (event.isAuth()) {
      remember(state, event.auth());
    } else {
      added =
          new IntentState.Use(
              event.eventTime(),
              event.eventId(),
              event.tokenId(),
              event.taskId(),
              event.use().getTool(),
              event.source().getIp());
      state.addUse(added);
    }
    state.prune(state.lastSeen, taskTtl(pack), tokenSettled(pack), lookback);

    List<Finding> findings = new ArrayList<>();
    long forgottenBefore = state.reported.forgotten();
    for (Rule rule : rules) {
      if (!onlyTheNewUse) {
        judge(state, event, rule, state.uses, findings);
      } else if (holds(state, added)) {
        judge(state, event, rule, List.of(added), findings);
      }
    }
    for (Rule rule : pack.enabled(RuleKind.TASK_END_REVOCATION)) {
      TaskEndRevocation.judge(state, event, rule, findings);
    }
    state.judgedWith = pack;
    state.forgottenBeforeJudging = forgottenBefore;
    return findings;
  }

  /** Whether {@code use} is still held: the cap or the lookback may drop it as it comes. */
  private static boolean holds(IntentState state, IntentState.Use use) {
    for (IntentState.Use held : state.uses) {
      if (held == use) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean isExpired(IntentState state, Instant streamTime, RulePack pack) {
    // Nothing left that an event still to come could need: no completed task inside task_ttl, no
    // live task token, no use inside the lookback. The reported keys name only tasks gone too.
    return state.lastSeen == null
        || state.emptyAfterPrune(streamTime, taskTtl(pack), tokenSettled(pack), lookback);
  }

  /**
   * Sheds, as of {@code streamTime}, what {@link #onEvent}'s prune would shed at an event at that
   * time: events still to come are at most the topology's grace (covered by the lookback) older.
   * Uses older than the lookback cannot be convicted by such an event (a completion after them does
   * not), and expired tokens are TOKEN_REPLAY's.
   */
  @Override
  public boolean compact(IntentState state, Instant streamTime, RulePack pack) {
    return state.prune(streamTime, taskTtl(pack), tokenSettled(pack), lookback);
  }

  @Override
  public StateCodec<IntentState> codec() {
    return codec;
  }

  @Override
  public void describe(IntentState state, String identity, ProfileBuilder profile) {
    TaskWords.describe(state, profile);
  }

  private static void remember(IntentState state, AuthEvent auth) {
    Instant time = auth.getEventTime();
    String taskId = auth.getTaskId();
    IntentState.Task known = state.tasks().get(taskId);
    switch (auth.getKind()) {
      case TOKEN_ISSUED -> {
        state.putToken(
            auth.getTokenId(),
            new IntentState.TaskToken(taskId, time, auth.getTokenExpiresAt(), auth.getEventId()));
        // A token minted for a task that already completed keeps the task as long as the token.
        if (known != null) {
          state.putTask(
              taskId,
              new IntentState.Task(
                  known.completedAt(), known.completedEventId(), later(known.lastTouched(), time)));
        }
      }
      case TASK_COMPLETED -> {
        // The earliest completion ends the task; a duplicate completion cannot extend its life.
        boolean earliest = known == null || time.isBefore(known.completedAt());
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

  /** Judges {@code uses} (the state's, in order, or the one just added) against {@code rule}. */
  private static void judge(
      IntentState s,
      ObservedEvent trigger,
      Rule rule,
      List<IntentState.Use> uses,
      List<Finding> out) {
    if (s.tasks().isEmpty()) {
      // No use can convict without a completed task: skips a token look-up per remembered use, on
      // every event, for an identity that has completed none.
      return;
    }
    Duration grace = rule.params().duration("grace");
    for (IntentState.Use use : uses) {
      IntentState.TaskToken issued = use.tokenId() == null ? null : s.tokens().get(use.tokenId());
      String taskId = use.taskId() != null ? use.taskId() : issued == null ? null : issued.taskId();
      IntentState.Task task = taskId == null ? null : s.tasks().get(taskId);
      if (task == null
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
              + FindingWording.span(after)
              + " after the task completed, beyond its "
              + FindingWording.span(grace)
              + " grace.";
      out.add(
          new Finding(
              rule.id(),
              trigger.identityId(),
              IdentityType.valueOf(s.identityType()),
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

  /**
   * How long past its expiry a task token is kept: the TOKEN_REPLAY {@code clock_skew} plus the
   * lookback; null (kept {@code task_ttl}) when no expired-use rule is enabled to take over.
   */
  private Duration tokenSettled(RulePack pack) {
    if (pack.enabled(RuleKind.TOKEN_REVOKED_OR_EXPIRED_USE).isEmpty()) {
      return null;
    }
    return EnabledRules.tokenClockSkew(pack).plus(lookback);
  }

  private static Duration taskTtl(RulePack pack) {
    return EnabledRules.longest(pack, "task_ttl", RuleKind.TASK_TOKEN_AFTER_COMPLETION);
  }
}
