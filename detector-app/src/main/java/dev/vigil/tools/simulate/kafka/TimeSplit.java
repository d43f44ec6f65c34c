package dev.vigil.tools.simulate.kafka;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Splits an event-time-ordered stream at an instant: {@link #before()} yields the events before it,
 * {@link #rest()} everything from it on, the first of which {@code before()} had to read to know
 * where to stop. Lets the demo pre-load its history and then feed the rest live.
 */
public final class TimeSplit {

  private final Iterator<SpecificRecord> events;
  private final Instant at;
  private SpecificRecord held;

  public TimeSplit(Iterator<SpecificRecord> events, Instant at) {
    this.events = events;
    this.at = at;
  }

  /** The events with an event time before the split; consume it before {@link #rest()}. */
  public Iterator<SpecificRecord> before() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (held == null && events.hasNext()) {
          held = events.next();
        }
        return held != null && EventFeed.eventTime(held).isBefore(at);
      }

      @Override
      public SpecificRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more events before " + at);
        }
        SpecificRecord event = held;
        held = null;
        return event;
      }
    };
  }

  /**
   * The events from the split on (including any event {@link #before()} read but did not yield).
   */
  public Iterator<SpecificRecord> rest() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return held != null || events.hasNext();
      }

      @Override
      public SpecificRecord next() {
        if (held != null) {
          SpecificRecord event = held;
          held = null;
          return event;
        }
        return events.next();
      }
    };
  }
}
