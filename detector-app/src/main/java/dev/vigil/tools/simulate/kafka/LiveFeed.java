package dev.vigil.tools.simulate.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * Sends an event-time-ordered stream the way the demo does: first its history (every event before
 * the moment it starts), stamped in the past, as fast as the pacer allows; then the rest as the
 * wall clock reaches each event's time, so no event is ever sent with an event time ahead of the
 * clock. Event times are the simulation's own: never rewritten, so the timeline's gaps (token
 * lifetimes, task durations) stay as simulated.
 */
public final class LiveFeed {

  /** Told once the history has been sent (and flushed), before live traffic starts. */
  @FunctionalInterface
  public interface HistoryDone {
    void sent(long events, Instant before);
  }

  private final EventSink sink;
  private final Pacer pacer;
  private final Clock clock;

  public LiveFeed(EventSink sink, Pacer pacer, Clock clock) {
    this.sink = sink;
    this.pacer = pacer;
    this.clock = clock;
  }

  /**
   * Sends the history, then live events, until {@code events} ends or {@code stopped} turns true.
   *
   * @return how many events were sent
   */
  public long run(Iterator<SpecificRecord> events, BooleanSupplier stopped, HistoryDone historyDone)
      throws InterruptedException {
    Instant now = clock.instant();
    TimeSplit split = new TimeSplit(events, now);
    long history = new EventFeed(sink, pacer, EventFeed.IMMEDIATE).run(split.before(), stopped);
    historyDone.sent(history, now);
    if (stopped.getAsBoolean()) {
      return history;
    }
    return history
        + new EventFeed(sink, pacer, EventFeed.followingWallClock(clock))
            .run(split.rest(), stopped);
  }
}
