package dev.vigil.detector.topology;

import dev.vigil.detector.StateCodec;
import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * One task's go-live, recorded once in its changelogged detector store, and the age of each event
 * against it ({@link WarmUp}). Recorded the first time the task processes a record, or at its first
 * wall-clock punctuation if no record comes, so a partition that was empty at the first start still
 * has a go-live and its later backlog counts as live. It survives restarts, restores from the
 * changelog and moves with the task; only {@code vigil reset} forgets it.
 *
 * <p>A store that already holds state when no go-live is recorded belongs to a detector that ran
 * before warm-up existed (or with it off): it is recorded as {@link #LIVE_SINCE_EVER}, so the
 * backlog of an upgrade is never mistaken for history.
 */
final class HistoryGate {

  /** The key prefix of the go-live; no detector's prefix can be it (theirs are initials). */
  static final String PREFIX = "~gl:";

  /** The single key under {@link #PREFIX}: one go-live per task. */
  static final String KEY = "task";

  /** The go-live of a task that was live before warm-up existed: nothing it reads is history. */
  static final long LIVE_SINCE_EVER = Long.MIN_VALUE;

  private final WarmUp warmUp;
  private final Clock clock;
  private final DetectorStateStore store;
  private final DetectorStateStore.Slice<Long> marks;

  HistoryGate(WarmUp warmUp, Clock clock, DetectorStateStore store) {
    this.warmUp = warmUp;
    this.clock = clock;
    this.store = store;
    this.marks = store.slice(PREFIX, new GoLiveCodec());
  }

  /** Whether there is a go-live to keep at all. */
  boolean enabled() {
    return warmUp.enabled();
  }

  /**
   * This task's go-live in epoch milliseconds, recorded now if it has none. Read through the slice
   * every time, never cached here: after a failed transaction the store falls back to what was
   * committed, and a go-live that was never committed must be recorded again.
   */
  long goLive() {
    Long mark = marks.get(KEY);
    if (mark == null) {
      mark =
          store.holdsState()
              ? LIVE_SINCE_EVER
              : warmUp.goLive() != null ? warmUp.goLive().toEpochMilli() : clock.millis();
      marks.put(KEY, mark);
    }
    return mark;
  }

  /** Whether this task has recorded its go-live (committed or not). */
  boolean recorded() {
    return marks.contains(KEY);
  }

  /** The age of an event dated {@code eventTimeMs}. */
  WarmUp.Age age(long eventTimeMs) {
    return warmUp.enabled() ? warmUp.age(eventTimeMs, goLive()) : WarmUp.Age.LIVE;
  }

  /** Version byte, then the go-live as 8 bytes. */
  static final class GoLiveCodec implements StateCodec<Long> {

    private static final byte VERSION = 1;

    @Override
    public byte[] encode(Long goLive) {
      return ByteBuffer.allocate(9).put(VERSION).putLong(goLive).array();
    }

    @Override
    public Long decode(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalStateException("unknown go-live version " + version);
      }
      return in.getLong();
    }
  }
}
