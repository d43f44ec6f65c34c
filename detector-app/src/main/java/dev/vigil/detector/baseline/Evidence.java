package dev.vigil.detector.baseline;

import dev.vigil.detector.FindingWording;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.rules.RuleParams;
import java.time.Duration;
import java.util.Objects;

/**
 * How much of an identity's habit a baseline has seen: on how many distinct days it was active, how
 * many uses it has learnt from, and how many days and uses have passed since the baseline last grew
 * (took in a privilege or tool it had not seen). A baseline is <em>mature</em> — judged on its own
 * — once it has held still, nothing new, on enough distinct active days after the day it last grew
 * and for enough uses, or at the latest once the identity is older than the calendar cap ({@code
 * learning_period}). A baseline still growing (an agent being rolled out, a job adding an
 * integration every day or two) is not mature, however old. Once it has held still that long it
 * stays <em>settled</em>: a mature identity's next new privilege is exactly what the rules look
 * for, and must not make its baseline young again.
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
  private int daysSinceGrowth;
  private boolean settled;

  /** Notes activity at {@code time} of an identity first seen at {@code firstSeen}. */
  public void active(long time, long firstSeen) {
    long day = Math.floorDiv(time - firstSeen, DAY);
    if (day > lastDay && day <= Integer.MAX_VALUE) {
      lastDay = (int) day;
      activeDays = activeDays == Integer.MAX_VALUE ? activeDays : activeDays + 1;
      daysSinceGrowth =
          daysSinceGrowth == Integer.MAX_VALUE ? daysSinceGrowth : daysSinceGrowth + 1;
    }
  }

  /** Notes one use the baseline learnt from; {@code grew} when it took in something new. */
  public void observed(boolean grew) {
    if (uses < Long.MAX_VALUE) {
      uses++;
    }
    if (grew) {
      usesAtGrowth = uses;
      daysSinceGrowth = 0;
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

  /** Active days after the day the baseline last took in something new. */
  public int daysSinceGrowth() {
    return daysSinceGrowth;
  }

  /**
   * Whether the baseline is judged on its own: it has held still on {@code minActiveDays} distinct
   * active days after the day it last grew and for {@code minObservations} uses (now, or once
   * before: it has settled), or the identity is older than {@code cap}.
   */
  public boolean mature(long age, Duration cap, int minActiveDays, int minObservations) {
    return age >= cap.toMillis() || settled || still(minActiveDays, minObservations);
  }

  /**
   * {@link #mature(long, Duration, int, int)} as a rule's {@code learning_period}, {@code
   * min_active_days} and {@code min_observations} set it.
   */
  public boolean mature(long age, RuleParams params) {
    return mature(age, learningPeriod(params), minActiveDays(params), minObservations(params));
  }

  private boolean still(int minActiveDays, int minObservations) {
    return daysSinceGrowth >= minActiveDays && usesSinceGrowth() >= minObservations;
  }

  /**
   * Whether a rate is known: active on {@code minActiveDays} distinct days over {@code
   * minObservations} uses, or older than {@code cap}. Growth does not matter to a rate.
   */
  public boolean rateKnown(long age, Duration cap, int minActiveDays, int minObservations) {
    return age >= cap.toMillis() || (activeDays >= minActiveDays && uses >= minObservations);
  }

  /** {@link #rateKnown(long, Duration, int, int)} as a rule's maturity parameters set it. */
  public boolean rateKnown(long age, RuleParams params) {
    return rateKnown(age, learningPeriod(params), minActiveDays(params), minObservations(params));
  }

  /**
   * Settles the baseline for good once it has held still long enough: call it before the event at
   * hand is learnt, for each rule that judges on this evidence.
   */
  public void settle(int minActiveDays, int minObservations) {
    if (still(minActiveDays, minObservations)) {
      settled = true;
    }
  }

  /** {@link #settle(int, int)} as a rule's maturity parameters set it. */
  public void settle(RuleParams params) {
    settle(minActiveDays(params), minObservations(params));
  }

  /** Whether the baseline has held still long enough once: it stays mature. */
  public boolean settled() {
    return settled;
  }

  /** {@link #progress(long, Duration, int, int)} against a rule's maturity parameters. */
  public String progress(long age, RuleParams params) {
    return progress(age, learningPeriod(params), minActiveDays(params), minObservations(params));
  }

  /**
   * For an alert: why the baseline is not yet mature, e.g. "2 of 3 active days and 20 of 20 uses
   * without anything new, known for 2d5h of 14d".
   */
  public String progress(long age, Duration cap, int minActiveDays, int minObservations) {
    return Math.min(daysSinceGrowth, minActiveDays)
        + " of "
        + minActiveDays
        + " active days and "
        + Math.min(usesSinceGrowth(), minObservations)
        + " of "
        + minObservations
        + " uses without anything new, known for "
        + FindingWording.span(age)
        + " of "
        + FindingWording.span(cap);
  }

  private static Duration learningPeriod(RuleParams params) {
    return params.duration("learning_period");
  }

  private static int minActiveDays(RuleParams params) {
    return params.integer("min_active_days");
  }

  private static int minObservations(RuleParams params) {
    return params.integer("min_observations");
  }

  /** A copy, to judge an event by the evidence from before it. */
  public Evidence copy() {
    Evidence copy = new Evidence();
    copy.activeDays = activeDays;
    copy.lastDay = lastDay;
    copy.uses = uses;
    copy.usesAtGrowth = usesAtGrowth;
    copy.daysSinceGrowth = daysSinceGrowth;
    copy.settled = settled;
    return copy;
  }

  public void reset() {
    activeDays = 0;
    lastDay = NONE;
    uses = 0;
    usesAtGrowth = 0;
    daysSinceGrowth = 0;
    settled = false;
  }

  /** Appends this evidence to a state record: five varints, usually five to nine bytes. */
  public void write(StateOutput out) {
    out.writeVarUnsigned(((long) activeDays << 1) | (settled ? 1 : 0)).writeVarLong(lastDay);
    out.writeVarUnsigned(uses).writeVarUnsigned(uses - usesAtGrowth);
    out.writeVarUnsigned(daysSinceGrowth);
  }

  /** Reads what {@link #write} wrote into this (fresh) evidence. */
  public void read(StateInput in) {
    long daysAndSettled = in.readVarUnsigned();
    long days = daysAndSettled >>> 1;
    long last = in.readVarLong();
    long total = in.readVarUnsigned();
    long since = in.readVarUnsigned();
    long quietDays = in.readVarUnsigned();
    if (days > Integer.MAX_VALUE
        || last < NONE
        || last > Integer.MAX_VALUE
        || since > total
        || quietDays > days) {
      throw new IllegalArgumentException(
          "baseline evidence is impossible: "
              + days
              + " active days, last day "
              + last
              + ", "
              + since
              + " of "
              + total
              + " uses since growth, "
              + quietDays
              + " days since growth");
    }
    activeDays = (int) days;
    settled = (daysAndSettled & 1) != 0;
    lastDay = (int) last;
    uses = total;
    usesAtGrowth = total - since;
    daysSinceGrowth = (int) quietDays;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evidence other
        && activeDays == other.activeDays
        && lastDay == other.lastDay
        && uses == other.uses
        && usesAtGrowth == other.usesAtGrowth
        && daysSinceGrowth == other.daysSinceGrowth
        && settled == other.settled;
  }

  @Override
  public int hashCode() {
    return Objects.hash(activeDays, lastDay, uses, usesAtGrowth, daysSinceGrowth, settled);
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
