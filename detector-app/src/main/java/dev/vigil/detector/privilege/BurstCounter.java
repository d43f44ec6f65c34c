package dev.vigil.detector.privilege;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts an identity's privileged actions in tumbling buckets of one window's width and learns its
 * typical count per active bucket, of all its privileged actions and of each privileged permission
 * apart. Keeping the counts of the current and the previous bucket only gives a sliding-window
 * estimate (the previous bucket weighted by how much of it the window still covers) in constant
 * space, however many actions a burst holds.
 *
 * <p>The typical rate is an exponentially decayed mean (time constant: the horizon) of the counts
 * of buckets that had any privileged action. Averaging over active buckets only, rather than over
 * all time, is what keeps a pipeline that deploys once a day in a 100-action burst from looking
 * like a 100x anomaly every day: its typical bucket holds 100 actions. A permission's typical rate
 * is the same mean over the buckets in which that permission was used.
 *
 * <p>A bucket joins the learnt rates once it has left the sliding window, not when it closes: the
 * window being judged covers part of the previous bucket, and a rate that already held that bucket
 * would let the first half of a burst raise the bar for the second (a person's 42 privileged calls
 * in 7 minutes, 21 in the first bucket, lifted its own typical 2.4 to 3.1 and stayed under 10x).
 *
 * <p>A bucket's count, once closed, is also what the identity teaches its peer group (see {@link
 * #takeClosed}), so that a young identity's burst can be judged against its peers' windows.
 */
final class BurstCounter {

  static final long NONE = Long.MIN_VALUE;

  /** Evidence kept per bucket: enough for an analyst to pull the burst, bounded for state size. */
  static final int MAX_EVIDENCE = 10;

  /**
   * Privileged permissions whose own rate is kept. Service identities use a handful; past this
   * many, an idle permission with the least weight is forgotten for a new one (and relearnt if it
   * comes back), and when none is idle the new one is counted in the total only.
   */
  static final int MAX_PRIVILEGE_RATES = 8;

  /**
   * A permission is forgotten once idle with less weight than one bucket a horizon old: it has not
   * been used for about a horizon, as the baseline's other entries are.
   */
  static final float FORGOTTEN_WEIGHT = (float) Math.exp(-1.0);

  long bucketMillis;
  long bucketStart = NONE;
  int count;
  int previousCount;

  /**
   * Floats as a permission's rate is kept (see {@link PrivilegeRate}), so that an identity with one
   * privileged permission has the very same rate in all as for it, and the two thresholds agree.
   */
  float typicalSum;

  float typicalWeight;
  long typicalAt = NONE;
  final List<String> eventIds = new ArrayList<>();

  /** Per privileged permission, in the order they were first counted. */
  final Map<String, PrivilegeRate> rates = new LinkedHashMap<>();

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
        close(bucket, horizonMillis);
      }
      bucketStart = bucket;
      eventIds.clear();
    } else if (bucket < bucketStart) {
      if (bucket == bucketStart - bucketMillis) {
        previousCount++;
        PrivilegeRate rate = rateFor(privilege);
        if (rate != null) {
          rate.previous++;
        }
      }
      return false;
    }
    count++;
    if (eventIds.size() < MAX_EVIDENCE) {
      eventIds.add(eventId);
    }
    PrivilegeRate rate = rateFor(privilege);
    if (rate != null) {
      rate.count++;
    }
    return true;
  }

  /** The count of the bucket the last action closed, once (0 when none); see {@link #closed}. */
  int takeClosed() {
    int count = closed;
    closed = 0;
    return count;
  }

  /** Forgets counts and the learnt rates; the bucket width stays. */
  void reset() {
    bucketStart = NONE;
    count = 0;
    previousCount = 0;
    typicalSum = 0f;
    typicalWeight = 0f;
    typicalAt = NONE;
    closed = 0;
    eventIds.clear();
    rates.clear();
  }

  /** Privileged actions in the window ending at {@code time}, which lies in the current bucket. */
  double estimate(long time) {
    return count + previousCount * previousShare(time);
  }

  /** Uses of {@code privilege} in the window ending at {@code time}; 0 if it has no rate kept. */
  double estimate(long time, String privilege) {
    PrivilegeRate rate = rates.get(privilege);
    return rate == null ? 0.0 : rate.estimate(previousShare(time));
  }

  /** Typical count per active bucket, 0 before any bucket has left the window. */
  double typical() {
    return typicalWeight == 0f ? 0.0 : (double) typicalSum / typicalWeight;
  }

  /** The learnt rate of one privileged permission, or null if none is kept. */
  PrivilegeRate rate(String privilege) {
    return rates.get(privilege);
  }

  /** The permissions used in the current bucket, at most {@link #MAX_EVIDENCE}. */
  List<String> privilegesInBucket() {
    List<String> used = new ArrayList<>();
    for (Map.Entry<String, PrivilegeRate> entry : rates.entrySet()) {
      if (entry.getValue().count > 0 && used.size() < MAX_EVIDENCE) {
        used.add(entry.getKey());
      }
    }
    return used;
  }

  private double previousShare(long time) {
    return Math.max(0.0, 1.0 - (double) (time - bucketStart) / bucketMillis);
  }

  /**
   * The current bucket closes for {@code next}: the previous one has left the window and joins the
   * rates; the current one becomes the previous if {@code next} follows it, else it has left the
   * window too.
   */
  private void close(long next, long horizonMillis) {
    if (previousCount > 0) {
      fold(bucketStart - bucketMillis, previousCount, true, horizonMillis);
    }
    closed = count;
    boolean adjacent = next == bucketStart + bucketMillis;
    if (!adjacent) {
      fold(bucketStart, count, false, horizonMillis);
    }
    previousCount = adjacent ? count : 0;
    count = 0;
    Iterator<PrivilegeRate> it = rates.values().iterator();
    while (it.hasNext()) {
      PrivilegeRate rate = it.next();
      rate.previous = adjacent ? rate.count : 0;
      rate.count = 0;
      if (rate.isIdle() && rate.weight < FORGOTTEN_WEIGHT) {
        it.remove();
      }
    }
  }

  /** Folds one bucket that left the window into the rates, decaying them to its time first. */
  private void fold(long at, int total, boolean previousSlot, long horizonMillis) {
    if (typicalAt != NONE && at > typicalAt) {
      double decay = Math.exp(-(double) (at - typicalAt) / horizonMillis);
      typicalSum = (float) (typicalSum * decay);
      typicalWeight = (float) (typicalWeight * decay);
      rates.values().forEach(rate -> rate.decay(decay));
    }
    typicalSum += total;
    typicalWeight += 1f;
    typicalAt = Math.max(typicalAt, at);
    rates.values().forEach(rate -> rate.fold(previousSlot ? rate.previous : rate.count));
  }

  /** The rate kept for {@code privilege}, made room for if new; null when there is no room. */
  private PrivilegeRate rateFor(String privilege) {
    PrivilegeRate rate = rates.get(privilege);
    if (rate != null) {
      return rate;
    }
    if (rates.size() >= MAX_PRIVILEGE_RATES) {
      String lightest = null;
      float least = Float.MAX_VALUE;
      for (Map.Entry<String, PrivilegeRate> entry : rates.entrySet()) {
        if (entry.getValue().isIdle() && entry.getValue().weight < least) {
          lightest = entry.getKey();
          least = entry.getValue().weight;
        }
      }
      if (lightest == null) {
        return null;
      }
      rates.remove(lightest);
    }
    rate = new PrivilegeRate();
    rates.put(privilege, rate);
    return rate;
  }

  /**
   * A rule changed the window: the learnt means are carried over in proportion (a mean of 4 per 5m
   * is about 8 per 10m) and the open buckets start afresh, since their edges no longer line up.
   */
  private void rescale(long windowMillis) {
    double ratio = (double) windowMillis / bucketMillis;
    typicalSum = (float) (typicalSum * ratio);
    for (PrivilegeRate rate : rates.values()) {
      rate.sum = (float) (rate.sum * ratio);
      rate.count = 0;
      rate.previous = 0;
    }
    bucketMillis = windowMillis;
    bucketStart = NONE;
    count = 0;
    previousCount = 0;
    eventIds.clear();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BurstCounter other
        && bucketMillis == other.bucketMillis
        && bucketStart == other.bucketStart
        && count == other.count
        && previousCount == other.previousCount
        && Float.compare(typicalSum, other.typicalSum) == 0
        && Float.compare(typicalWeight, other.typicalWeight) == 0
        && typicalAt == other.typicalAt
        && eventIds.equals(other.eventIds)
        && rates.equals(other.rates);
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
        rates);
  }
}
