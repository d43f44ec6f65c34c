package dev.vigil.detector.baseline;

import dev.vigil.detector.FindingWording;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.time.Duration;
import java.util.Objects;

/**
 * How much of an identity's habit a baseline has seen: on how many distinct days it was active, how
 * many uses it has learnt from, and how many of them since the baseline last grew (took in a
 * privilege or tool it had not seen). A baseline is <em>mature</em> — judged on its own — once the
 * identity was active on enough distinct days and the baseline has held still for enough uses, or
 * at the latest once the identity is older than the calendar cap ({@code learning_period}). Once it
 * has held still that long it stays <em>settled</em>: a mature identity's next new privilege is
 * exactly what the rules look for, and must not make its baseline young again.
 *
 * <p>Days are 24-hour periods counted from the identity's first event, not calendar days, so an
 * identity first seen at 23:59 is not two days old a minute later. A late event on a day already
 * passed is not counted again. Counters saturate; a few bytes of state per identity.
 */
public final class Evidence {

  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final int NONE = -1;

  private int activeDays;
  private int lastDay = NONE;
  private long uses;
  private long usesAtGrowth;
  private boolean settled;

  /** Notes activity at {@code time} of an identity first seen at {@code firstSeen}. */
  public void active(long time, long firstSeen) {
    long day = Math.floorDiv(time - firstSeen, DAY);
    if (day > lastDay && day <= Integer.MAX_VALUE) {
      lastDay = (int) day;
      activeDays = activeDays == Integer.MAX_VALUE ? activeDays : activeDays + 1;
    }
  }

  /** Notes one use the baseline learnt from; {@code grew} when it took in something new. */
  public void observed(boolean grew) {
    if (uses < Long.MAX_VALUE) {
      uses++;
    }
    if (grew) {
      usesAtGrowth = uses;
    }
  }

  public int activeDays() {
    return activeDays;
  }

  public long uses() {
    return uses;
  }

  /** Uses since the baseline last took in something new (all uses if it never has). */
  public long usesSinceGrowth() {
    return uses - usesAtGrowth;
  }

  /**
   * Whether the baseline is judged on its own: the identity was active on {@code minActiveDays}
   * distinct days and the baseline has held still for {@code minObservations} uses (now, or once
   * before: it has settled), or the identity is older than {@code cap}.
   */
  public boolean mature(long age, Duration cap, int minActiveDays, int minObservations) {
    return age >= cap.toMillis()
        || (activeDays >= minActiveDays && (settled || usesSinceGrowth() >= minObservations));
  }

  /**
   * Whether a rate is known: active on {@code minActiveDays} distinct days over {@code
   * minObservations} uses, or older than {@code cap}. Growth does not matter to a rate.
   */
  public boolean rateKnown(long age, Duration cap, int minActiveDays, int minObservations) {
    return age >= cap.toMillis() || (activeDays >= minActiveDays && uses >= minObservations);
  }

  /**
   * Settles the baseline for good once it has held still long enough: call it before the event at
   * hand is learnt, for each rule that judges on this evidence.
   */
  public void settle(int minActiveDays, int minObservations) {
    if (activeDays >= minActiveDays && usesSinceGrowth() >= minObservations) {
      settled = true;
    }
  }

  /** Whether the baseline has held still long enough once: it stays mature. */
  public boolean settled() {
    return settled;
  }

  /**
   * For an alert: why the baseline is not yet mature, e.g. "2 of 3 active days, 80 of 200 uses".
   */
  public String progress(
      long age, Duration cap, int minActiveDays, int minObservations, boolean sinceGrowth) {
    return Math.min(activeDays, minActiveDays)
        + " of "
        + minActiveDays
        + " active days, "
        + Math.min(sinceGrowth ? usesSinceGrowth() : uses, minObservations)
        + " of "
        + minObservations
        + (sinceGrowth ? " uses without anything new" : " uses")
        + ", known for "
        + FindingWording.span(age)
        + " of "
        + FindingWording.span(cap);
  }

  /** A copy, to judge an event by the evidence from before it. */
  public Evidence copy() {
    Evidence copy = new Evidence();
    copy.activeDays = activeDays;
    copy.lastDay = lastDay;
    copy.uses = uses;
    copy.usesAtGrowth = usesAtGrowth;
    copy.settled = settled;
    return copy;
  }

  public void reset() {
    activeDays = 0;
    lastDay = NONE;
    uses = 0;
    usesAtGrowth = 0;
    settled = false;
  }

  /** Appends this evidence to a state record: four varints, usually four to eight bytes. */
  public void write(StateOutput out) {
    out.writeVarUnsigned(((long) activeDays << 1) | (settled ? 1 : 0)).writeVarLong(lastDay);
    out.writeVarUnsigned(uses).writeVarUnsigned(uses - usesAtGrowth);
  }

  /** Reads what {@link #write} wrote into this (fresh) evidence. */
  public void read(StateInput in) {
    long daysAndSettled = in.readVarUnsigned();
    long days = daysAndSettled >>> 1;
    long last = in.readVarLong();
    long total = in.readVarUnsigned();
    long since = in.readVarUnsigned();
    if (days > Integer.MAX_VALUE || last < NONE || last > Integer.MAX_VALUE || since > total) {
      throw new IllegalArgumentException(
          "baseline evidence is impossible: "
              + days
              + " active days, last day "
              + last
              + ", "
              + since
              + " of "
              + total
              + " uses since growth");
    }
    activeDays = (int) days;
    settled = (daysAndSettled & 1) != 0;
    lastDay = (int) last;
    uses = total;
    usesAtGrowth = total - since;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evidence other
        && activeDays == other.activeDays
        && lastDay == other.lastDay
        && uses == other.uses
        && usesAtGrowth == other.usesAtGrowth
        && settled == other.settled;
  }

  @Override
  public int hashCode() {
    return Objects.hash(activeDays, lastDay, uses, usesAtGrowth, settled);
  }

  @Override
  public String toString() {
    return "Evidence[activeDays="
        + activeDays
        + ", uses="
        + uses
        + ", sinceGrowth="
        + usesSinceGrowth()
        + (settled ? ", settled" : "")
        + "]";
  }
}
