package dev.vigil.detector.intent;

import dev.vigil.detector.profile.IdentityProfile.TaskView;
import dev.vigil.detector.profile.ProfileBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intent state in a profile: the identity's task tokens, and its tasks, open (tokens issued, no
 * completion seen) or completed (a use of their tokens now is {@code ACCESS_OUTLIVES_INTENT}).
 */
final class TaskWords {

  /** Tasks a profile lists at most, the most recent first: the state keeps up to 256. */
  static final int MAX_TASKS_SHOWN = 20;

  private TaskWords() {}

  static void describe(IntentState state, ProfileBuilder profile) {
    if (state.identityType() != null) {
      profile.identityType(state.identityType());
    }
    profile.seen(null, state.lastSeen);
    Map<String, List<String>> tokensByTask = new LinkedHashMap<>();
    Map<String, Instant> firstIssued = new LinkedHashMap<>();
    state
        .tokens()
        .forEach(
            (tokenId, t) -> {
              profile.token(tokenId).task(t.taskId()).expiresAt(t.expiresAt());
              tokensByTask.computeIfAbsent(t.taskId(), k -> new ArrayList<>()).add(tokenId);
              firstIssued.merge(t.taskId(), t.issuedAt(), (a, b) -> a.isBefore(b) ? a : b);
            });
    List<TaskView> tasks = new ArrayList<>();
    firstIssued.forEach(
        (taskId, issued) -> {
          if (!state.tasks().containsKey(taskId)) {
            List<String> tokens = tokensByTask.get(taskId);
            tasks.add(
                new TaskView(
                    taskId,
                    "open",
                    issued,
                    tokens,
                    "Task "
                        + taskId
                        + " is open: "
                        + count(tokens.size(), "token")
                        + " issued for it since "
                        + profile.when(issued)
                        + ", no completion seen."));
          }
        });
    state
        .tasks()
        .forEach(
            (taskId, t) -> {
              List<String> tokens = tokensByTask.getOrDefault(taskId, List.of());
              tasks.add(
                  new TaskView(
                      taskId,
                      "completed",
                      t.completedAt(),
                      tokens,
                      "Task "
                          + taskId
                          + " completed "
                          + profile.when(t.completedAt())
                          + (tokens.isEmpty()
                              ? "."
                              : "; a use of its "
                                  + count(tokens.size(), "token")
                                  + " now would alert.")));
            });
    tasks.sort(
        Comparator.comparing((TaskView t) -> !"open".equals(t.state()))
            .thenComparing(TaskView::since, Comparator.reverseOrder()));
    tasks.stream().limit(MAX_TASKS_SHOWN).forEach(profile::task);
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
