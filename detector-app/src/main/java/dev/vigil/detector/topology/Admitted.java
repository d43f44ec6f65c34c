package dev.vigil.detector.topology;

import dev.vigil.detector.ObservedEvent;

/**
 * An input event with the intake's verdict: judged, late beyond the grace period, or dated too far
 * ahead of the wall clock; the stream time and wall clock it was judged at (the wall clock is -1
 * without {@link EventTimeBounds}); and the input partition it was read from, which decides whether
 * it must move to its identity's partition.
 */
record Admitted(
    ObservedEvent event, Verdict verdict, long streamTimeMs, long wallClockMs, int partition) {

  enum Verdict {
    JUDGED,
    LATE,
    FUTURE
  }

  boolean late() {
    return verdict == Verdict.LATE;
  }

  boolean future() {
    return verdict == Verdict.FUTURE;
  }
}
