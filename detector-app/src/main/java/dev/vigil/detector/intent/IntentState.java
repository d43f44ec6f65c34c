package dev.vigil.detector.intent;

import dev.vigil.detector.state.ByEventTime;
import dev.vigil.detector.state.ReportedKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One identity's tasks, the tokens issued for them and its recent task-related uses. Bounded by
 * caps (oldest entries go first) and by {@code task_ttl}.
 */
final class IntentState {

  static final int MAX_TASKS = 256;
  static final int MAX_TOKENS = 512;
  static final int MAX_USES = 64;
  static final int MAX_REPORTED = 64;

  /** A task as far as its lifecycle events tell. */
  record Task(Instant completedAt, String completedEventId, Instant lastTouched) {}

  /** A token issued for a task. */
  record TaskToken(String taskId, Instant issuedAt, String issuedEventId) {}

  /** A use that names a task or carries a token. */
  record Use(Instant time, String eventId, String tokenId, String taskId, String tool, String ip) {}

  String identityType;
  Instant lastSeen;
  final Map<String, Task> tasks = new LinkedHashMap<>();
  final Map<String, TaskToken> tokens = new LinkedHashMap<>();
  final List<Use> uses = new ArrayList<>();
  final ReportedKeys reported = new ReportedKeys(MAX_REPORTED);

  void touch(Instant time) {
    if (lastSeen == null || time.isAfter(lastSeen)) {
      lastSeen = time;
    }
  }

  void addUse(Use use) {
    ByEventTime.insert(uses, use, Use::time, MAX_USES);
  }

  void putTask(String taskId, Task task) {
    tasks.remove(taskId);
    tasks.put(taskId, task);
    dropOldest(tasks, MAX_TASKS);
  }

  void putToken(String tokenId, TaskToken token) {
    tokens.put(tokenId, token);
    dropOldest(tokens, MAX_TOKENS);
  }

  /** Forgets tasks and tokens untouched for {@code ttl} and uses older than {@code lookback}. */
  void prune(java.time.Duration ttl, java.time.Duration lookback) {
    if (lastSeen == null) {
      return;
    }
    Instant cutoff = lastSeen.minus(ttl);
    tasks.values().removeIf(t -> t.lastTouched().isBefore(cutoff));
    tokens.values().removeIf(t -> t.issuedAt().isBefore(cutoff));
    Instant useCutoff = lastSeen.minus(lookback);
    uses.removeIf(u -> u.time().isBefore(useCutoff));
  }

  private static <V> void dropOldest(Map<String, V> map, int cap) {
    while (map.size() > cap) {
      map.remove(map.keySet().iterator().next());
    }
  }
}
