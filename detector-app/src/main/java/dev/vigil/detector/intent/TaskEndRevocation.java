package dev.vigil.detector.intent;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.IdentityType;
import dev.vigil.rules.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code task_end_revocation}: a task's tokens that are still valid when it completes are ended
 * {@code grace} after the completion, before anyone can misuse them. Judged on the two events that
 * can make it true, for the tokens they concern only: a {@code TASK_COMPLETED} (every token issued
 * for that task so far) and a {@code TOKEN_ISSUED} for a task already completed. A token that
 * expires within the grace is left to expire.
 *
 * <p>The finding's window ends at the moment the token is to be ended (completion plus grace, or
 * the issuance if later): the alerting stage holds it until stream time gets there, so requests in
 * flight finish first.
 */
final class TaskEndRevocation {

  private TaskEndRevocation() {}

  static void judge(IntentState s, ObservedEvent trigger, Rule rule, List<Finding> out) {
    if (!trigger.isAuth()) {
      return;
    }
    AuthEvent auth = trigger.auth();
    String taskId = auth.getTaskId();
    IntentState.Task task = s.tasks().get(taskId);
    if (task == null || rule.exceptions().covers(trigger.identityId(), null, null)) {
      return;
    }
    Duration grace = rule.params().duration("grace");
    switch (auth.getKind()) {
      case TASK_COMPLETED ->
          s.tokens()
              .forEach(
                  (tokenId, token) -> {
                    if (taskId.equals(token.taskId())) {
                      end(s, trigger, rule, tokenId, token, task, grace, out);
                    }
                  });
      case TOKEN_ISSUED -> {
        IntentState.TaskToken token = s.tokens().get(auth.getTokenId());
        if (token != null && taskId.equals(token.taskId())) {
          end(s, trigger, rule, auth.getTokenId(), token, task, grace, out);
        }
      }
      default -> {}
    }
  }

  private static void end(
      IntentState s,
      ObservedEvent trigger,
      Rule rule,
      String tokenId,
      IntentState.TaskToken token,
      IntentState.Task task,
      Duration grace,
      List<Finding> out) {
    Instant endAt = task.completedAt().plus(grace);
    if (token.issuedAt().isAfter(endAt)) {
      endAt = token.issuedAt();
    }
    if (token.expiresAt() != null && !token.expiresAt().isAfter(endAt)) {
      return;
    }
    if (!s.reported.mark(rule.id() + "|end|" + token.taskId() + "|" + tokenId)) {
      return;
    }
    Map<String, List<String>> observed = new LinkedHashMap<>();
    observed.put("tasks", List.of(token.taskId()));
    observed.put("completed_at", List.of(task.completedAt().toString()));
    if (token.expiresAt() != null) {
      observed.put("expires_at", List.of(token.expiresAt().toString()));
    }
    List<String> ids = new ArrayList<>(List.of(token.issuedEventId(), task.completedEventId()));
    String summary =
        "Task "
            + token.taskId()
            + " of "
            + trigger.identityId()
            + " completed at "
            + FindingWording.time(task.completedAt())
            + " while token "
            + tokenId
            + " issued for it was still valid"
            + (token.expiresAt() == null
                ? " with no known expiry"
                : " until " + FindingWording.time(token.expiresAt()))
            + "; it is ended "
            + FindingWording.span(grace)
            + " after the completion, before any misuse.";
    out.add(
        new Finding(
            rule.id(),
            trigger.identityId(),
            IdentityType.valueOf(s.identityType()),
            tokenId,
            token.taskId() + "|" + tokenId + "|end",
            token.issuedAt(),
            endAt,
            summary,
            ids,
            observed,
            ids.size(),
            trigger.eventTime()));
  }
}
