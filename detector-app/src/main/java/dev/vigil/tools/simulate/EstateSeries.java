package dev.vigil.tools.simulate;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Simulation without end ({@code vigil simulate --forever}): when one estate's days are over, the
 * next begins where it ended, with the next seed, so event ids never repeat and event time keeps
 * moving forward. Each period has its own warm-up and campaigns.
 */
public final class EstateSeries implements Iterator<SpecificRecord> {

  private final SimulationConfig first;
  private int period;
  private Iterator<SpecificRecord> current;

  public EstateSeries(SimulationConfig first) {
    this.first = first;
    this.current = new SimulatedEstate(first).iterator();
  }

  /** The config of the {@code period}-th estate (0 is {@code first}). */
  static SimulationConfig period(SimulationConfig first, int period) {
    return new SimulationConfig(
        first.seed() + period,
        first.start().plus(Duration.ofDays((long) first.days() * period)),
        first.days(),
        first.identities(),
        first.attacksPerDetection(),
        first.warmUp(),
        first.newIdentityShare(),
        first.outage(),
        first.spreadOverDays());
  }

  @Override
  public boolean hasNext() {
    // An estate ends with its last event; the next one always has some (every identity is active).
    for (int empty = 0; !current.hasNext(); empty++) {
      if (empty == 3) {
        return false;
      }
      period++;
      current = new SimulatedEstate(period(first, period)).iterator();
    }
    return true;
  }

  @Override
  public SpecificRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the estate series produced no events for three periods");
    }
    return current.next();
  }
}
