package dev.vigil.detector.intent;

import dev.vigil.detector.state.ByEventTime;
import dev.vigil.detector.state.EntryChunks;
import dev.vigil.detector.state.OldestTime;
import dev.vigil.detector.state.ReportedKeys;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One identity's completed tasks, the tokens issued for tasks and its recent task-related uses.
 * Bounded by caps (oldest entries go first), by {@code task_ttl}, by each token's expiry and by the
 * lookback. A task is remembered only once it completed: before that no use of it can convict.
 */
final class IntentState {

  static final int MAX_TASKS = 256;
  static final int MAX_TOKENS = 512;
  static final int MAX_USES = 64;
  static final int MAX_REPORTED = 64;

  /**
   * A completed task: its earliest completion, and the latest moment anything about it happened (a
   * token issued for it after it completed), from which {@code task_ttl} counts.
   */
  record Task(Instant completedAt, String completedEventId, Instant lastTouched) {}

  /** A token issued for a task; {@code expiresAt} is null when the issuance named no expiry. */
  record TaskToken(String taskId, Instant issuedAt, Instant expiresAt, String issuedEventId) {}

  /** A use that names a task or carries a token. */
  record Use(Instant time, String eventId, String tokenId, String taskId, String tool, String ip) {}

  private String identityType;
  Instant lastSeen;
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, TaskToken> tokens = new LinkedHashMap<>();
  private final Map<String, Task> tasksRead = Collections.unmodifiableMap(tasks);
  private final Map<String, TaskToken> tokensRead = Collections.unmodifiableMap(tokens);
  final List<Use> uses = new ArrayList<>();
  final ReportedKeys reported = new ReportedKeys(MAX_REPORTED);

  /**
   * Not part of the state: the oldest {@code lastTouched} of the tasks, the oldest issuance and the
   * oldest expiry of the tokens, which let {@link #prune} skip its scans while nothing can be
   * stale.
   */
  private final OldestTime<Instant> oldestTouched = new OldestTime<>();

  private final OldestTime<Instant> oldestIssued = new OldestTime<>();
  private final OldestTime<Instant> oldestExpiry = new OldestTime<>();

  /**
   * The uses as the last encoding wrote them: not part of the state, what lets the next encoding
   * copy the bytes of the uses that did not change (see {@link UseChunks}).
   */
  final UseChunks encodedUses = new UseChunks();

  /**
   * The tasks and the tokens as the last encoding wrote them: not part of the state, what lets the
   * next encoding copy the chunks of the entries that did not change (see {@link EntryChunks}). An
   * agent's state holds up to hundreds of each, and at a live rate nearly every event of an
   * identity is followed by a commit that encodes its state, while an event changes one of them at
   * most.
   */
  private final EntryChunks<Task> encodedTasks = new EntryChunks<>();

  private final EntryChunks<TaskToken> encodedTokens = new EntryChunks<>();

  /**
   * The pack the uses were last judged with, and how many reported keys had been forgotten before
   * that judging: not part of the state (see {@link TaskIntentDetector#onEvent}). Null until the
   * state is first judged after it was created or read.
   */
  RulePack judgedWith;

  long forgottenBeforeJudging;

  /**
   * True when every use held was judged with {@code pack} since the tasks and tokens last changed
   * and no reported key was forgotten since: each use then either cannot convict or was reported,
   * and only a new use can change that.
   */
  boolean judgedAllWith(RulePack pack) {
    return judgedWith == pack && reported.forgotten() == forgottenBeforeJudging;
  }

  String identityType() {
    return identityType;
  }

  void identityType(String type) {
    identityType = type;
  }

  /** The completed tasks, oldest first; read only (see {@link #putTask}). */
  Map<String, Task> tasks() {
    return tasksRead;
  }

  /** The tokens issued for tasks, oldest first; read only (see {@link #putToken}). */
  Map<String, TaskToken> tokens() {
    return tokensRead;
  }

  /**
   * Writes the tasks in chunks, copying those kept from the last encoding that did not change; the
   * map itself rather than its read-only view, whose iterator wraps every entry it returns.
   */
  void writeTasks(StateOutput out, EntryChunks.ValueWriter<Task> writer) {
    encodedTasks.write(tasks, out, writer);
  }

  /** Writes the tokens as {@link #writeTasks} writes the tasks. */
  void writeTokens(StateOutput out, EntryChunks.ValueWriter<TaskToken> writer) {
    encodedTokens.write(tokens, out, writer);
  }

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
    oldestTouched.add(task.lastTouched());
    dropOldest(tasks, MAX_TASKS);
  }

  void putToken(String tokenId, TaskToken token) {
    tokens.put(tokenId, token);
    oldestIssued.add(token.issuedAt());
    oldestExpiry.add(token.expiresAt());
    dropOldest(tokens, MAX_TOKENS);
  }

  /**
   * Forgets, as of {@code now}: tasks untouched for {@code ttl}; tokens issued longer than {@code
   * ttl} ago, or past their expiry plus {@code settled} when that is not null; uses older than
   * {@code lookback}. True when anything went.
   */
  boolean prune(Instant now, Duration ttl, Duration settled, Duration lookback) {
    Instant cutoff = now.minus(ttl);
    boolean changed = false;
    if (!oldestTouched.noneBefore(cutoff)) {
      changed = tasks.values().removeIf(t -> t.lastTouched().isBefore(cutoff));
      oldestTouched.recount(tasks.values(), Task::lastTouched);
    }
    // stale() in the form the skip can check: issued before the cutoff, or expired before now
    // minus settled.
    boolean expiriesDue = settled != null && !oldestExpiry.noneBefore(now.minus(settled));
    if (!oldestIssued.noneBefore(cutoff) || expiriesDue) {
      changed |= tokens.values().removeIf(t -> stale(t, now, cutoff, settled));
      oldestIssued.recount(tokens.values(), TaskToken::issuedAt);
      oldestExpiry.recount(tokens.values(), TaskToken::expiresAt);
    }
    Instant useCutoff = now.minus(lookback);
    changed |= ByEventTime.dropBefore(uses, useCutoff, Use::time);
    return changed;
  }

  /** True when {@link #prune} with the same arguments would leave no task, token or use. */
  boolean emptyAfterPrune(Instant now, Duration ttl, Duration settled, Duration lookback) {
    Instant cutoff = now.minus(ttl);
    Instant useCutoff = now.minus(lookback);
    return tasks.values().stream().allMatch(t -> t.lastTouched().isBefore(cutoff))
        && tokens.values().stream().allMatch(t -> stale(t, now, cutoff, settled))
        && uses.stream().allMatch(u -> u.time().isBefore(useCutoff));
  }

  private static boolean stale(TaskToken t, Instant now, Instant cutoff, Duration settled) {
    return t.issuedAt().isBefore(cutoff)
        || (settled != null && t.expiresAt() != null && now.isAfter(t.expiresAt().plus(settled)));
  }

  private static <V> void dropOldest(Map<String, V> map, int cap) {
    while (map.size() > cap) {
      map.remove(map.keySet().iterator().next());
    }
  }
}
