package dev.vigil.detector.privilege;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Counts an identity's privileged actions in tumbling buckets of one window's width and learns its
 * typical count per active bucket. Keeping the counts of the current and the previous bucket only
 * gives a sliding-window estimate (the previous bucket weighted by how much of it the window still
 * covers) in constant space, however many actions a burst holds.
 *
 * <p>The typical rate is an exponentially decayed mean (time constant: the horizon) of the counts
 * of buckets that had any privileged action. Averaging over active buckets only, rather than over
 * all time, is what keeps a pipeline that deploys once a day in a 100-action burst from looking
 * like a 100x anomaly every day: its typical bucket holds 100 actions.
 *
 * <p>A bucket's count, once closed, is also what the identity teaches its peer group (see {@link
 * #takeClosed}), so that a young identity's burst can be judged against its peers' windows.
 */
final class BurstCounter {

  static final long NONE = Long.MIN_VALUE;

  /** Evidence kept per bucket: enough for an analyst to pull the burst, bounded for state size. */
  static final int MAX_EVIDENCE = 10;

  long bucketMillis;
  long bucketStart = NONE;
  int count;
  int previousCount;
  double typicalSum;
  double typicalWeight;
  long typicalAt = NONE;
  final List<String> eventIds = new ArrayList<>();
  final Set<String> privileges = new LinkedHashSet<>();

  /**
   * The count of the bucket the last {@link #record} closed, until {@link #takeClosed} hands it to
   * the peer group; 0 when none is waiting. Not state: the group learns it right after the event
   * that closed the bucket, so it is never encoded (a restart between the two loses one window of
   * the group's, never the identity's own rate).
   */
  private int closed;

  BurstCounter(long bucketMillis) {
    this.bucketMillis = bucketMillis;
  }

  /**
   * Counts one privileged action. Returns true when it fell into the current bucket (so the
   * estimate moved and rules should look); a late action into the previous bucket is counted there,
   * older ones are dropped.
   */
  boolean record(
      long time, String eventId, String privilege, long windowMillis, long horizonMillis) {
    if (windowMillis != bucketMillis) {
      rescale(windowMillis);
    }
    long bucket = Math.floorDiv(time, bucketMillis) * bucketMillis;
    if (bucketStart == NONE || bucket > bucketStart) {
      if (bucketStart != NONE) {
        fold(count, bucketStart, horizonMillis);
        closed = count;
        previousCount = bucket == bucketStart + bucketMillis ? count : 0;
      }
      bucketStart = bucket;
      count = 0;
      eventIds.clear();
      privileges.clear();
    } else if (bucket < bucketStart) {
      if (bucket == bucketStart - bucketMillis) {
        previousCount++;
      }
      return false;
    }
    count++;
    if (eventIds.size() < MAX_EVIDENCE) {
      eventIds.add(eventId);
    }
    if (privileges.size() < MAX_EVIDENCE) {
      privileges.add(privilege);
    }
    return true;
  }

  /** The count of the bucket the last action closed, once (0 when none); see {@link #closed}. */
  int takeClosed() {
    int count = closed;
    closed = 0;
    return count;
  }

  /** Forgets counts and the learnt rate; the bucket width stays. */
  void reset() {
    bucketStart = NONE;
    count = 0;
    previousCount = 0;
    typicalSum = 0.0;
    typicalWeight = 0.0;
    typicalAt = NONE;
    closed = 0;
    eventIds.clear();
    privileges.clear();
  }

  /** Privileged actions in the window ending at {@code time}, which lies in the current bucket. */
  double estimate(long time) {
    double uncovered = (double) (time - bucketStart) / bucketMillis;
    return count + previousCount * Math.max(0.0, 1.0 - uncovered);
  }

  /** Typical count per active bucket, 0 before any bucket has closed. */
  double typical() {
    return typicalWeight == 0.0 ? 0.0 : typicalSum / typicalWeight;
  }

  private void fold(int closedCount, long closedAt, long horizonMillis) {
    if (typicalAt != NONE && closedAt > typicalAt) {
      double decay = Math.exp(-(double) (closedAt - typicalAt) / horizonMillis);
      typicalSum *= decay;
      typicalWeight *= decay;
    }
    typicalSum += closedCount;
    typicalWeight += 1.0;
    typicalAt = Math.max(typicalAt, closedAt);
  }

  /**
   * A rule changed the window: the learnt mean is carried over in proportion (a mean of 4 per 5m is
   * about 8 per 10m) and the open buckets start afresh, since their edges no longer line up.
   */
  private void rescale(long windowMillis) {
    typicalSum *= (double) windowMillis / bucketMillis;
    bucketMillis = windowMillis;
    bucketStart = NONE;
    count = 0;
    previousCount = 0;
    eventIds.clear();
    privileges.clear();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BurstCounter other
        && bucketMillis == other.bucketMillis
        && bucketStart == other.bucketStart
        && count == other.count
        && previousCount == other.previousCount
        && Double.compare(typicalSum, other.typicalSum) == 0
        && Double.compare(typicalWeight, other.typicalWeight) == 0
        && typicalAt == other.typicalAt
        && eventIds.equals(other.eventIds)
        && privileges.equals(other.privileges);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        bucketMillis,
        bucketStart,
        count,
        previousCount,
        typicalSum,
        typicalWeight,
        typicalAt,
        eventIds,
        privileges);
  }
}
