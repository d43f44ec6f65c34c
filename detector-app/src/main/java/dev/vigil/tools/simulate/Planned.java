package dev.vigil.tools.simulate;

import java.util.Comparator;
import org.apache.avro.specific.SpecificRecord;

/** An event planned for a moment of event time; {@code seq} keeps equal times in planning order. */
record Planned(long time, long seq, SpecificRecord record) {

  static final Comparator<Planned> ORDER =
      Comparator.comparingLong(Planned::time).thenComparingLong(Planned::seq);
}
