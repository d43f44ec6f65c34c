package dev.vigil.tools.simulate;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events Vigil sees when it was down in [{@code from}, {@code to}) and the events of that time
 * were gone when it came back (past the topic's retention, or skipped on restart): all but those.
 */
final class OutageFilter implements Iterator<SpecificRecord> {

  private final Iterator<SpecificRecord> events;
  private final long from;
  private final long to;
  private SpecificRecord next;

  OutageFilter(Iterator<SpecificRecord> events, long from, long to) {
    this.events = events;
    this.from = from;
    this.to = to;
  }

  @Override
  public boolean hasNext() {
    while (next == null && events.hasNext()) {
      SpecificRecord candidate = events.next();
      long time = timeOf(candidate);
      if (time < from || time >= to) {
        next = candidate;
      }
    }
    return next != null;
  }

  @Override
  public SpecificRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the simulation has no more events");
    }
    SpecificRecord event = next;
    next = null;
    return event;
  }

  private static long timeOf(SpecificRecord event) {
    return event instanceof AuthEvent auth
        ? auth.getEventTime().toEpochMilli()
        : ((TokenUseEvent) event).getEventTime().toEpochMilli();
  }
}
