package dev.vigil.tools.simulate.kafka;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * Pulls events from a generator and produces them at a paced rate until the generator is done or a
 * stop is requested. With {@link #followingWallClock}, an event is also held back until the wall
 * clock reaches its event time: a history in the past goes out at the full rate, the future as it
 * happens, so no event is ever sent before its event time.
 */
public final class EventFeed {

  /** Holds an event back until it may be sent. */
  @FunctionalInterface
  public interface Gate {
    /**
     * @param beforeWaiting run once before the gate starts to wait (the feed delivers what it sent,
     *     so nothing sits unsent or uncommitted while the clock catches up)
     * @return false when the stop request came while waiting
     */
    boolean await(Instant eventTime, BooleanSupplier stopped, Runnable beforeWaiting)
        throws InterruptedException;
  }

  /** No holding back: events go out as fast as the pacer allows. */
  public static final Gate IMMEDIATE = (eventTime, stopped, beforeWaiting) -> true;

  private final EventSink producer;
  private final Pacer pacer;
  private final Gate gate;

  public EventFeed(EventSink producer, Pacer pacer, Gate gate) {
    this.producer = producer;
    this.pacer = pacer;
    this.gate = gate;
  }

  /**
   * A gate that waits until {@code clock} reaches the event time, checking for a stop every 100 ms.
   */
  public static Gate followingWallClock(Clock clock) {
    return (eventTime, stopped, beforeWaiting) -> {
      boolean waited = false;
      while (!stopped.getAsBoolean()) {
        long wait = eventTime.toEpochMilli() - clock.millis();
        if (wait <= 0) {
          return true;
        }
        if (!waited) {
          beforeWaiting.run();
          waited = true;
          continue;
        }
        Thread.sleep(Math.min(wait, 100));
      }
      return false;
    };
  }

  /**
   * Produces events until {@code events} is exhausted or {@code stopped} turns true, then flushes.
   *
   * @return how many events were sent
   */
  public long run(Iterator<SpecificRecord> events, BooleanSupplier stopped)
      throws InterruptedException {
    long count = 0;
    while (!stopped.getAsBoolean() && events.hasNext()) {
      SpecificRecord event = events.next();
      if (!gate.await(eventTime(event), stopped, producer::flush)) {
        break;
      }
      pacer.acquire();
      producer.send(event);
      count++;
    }
    producer.flush();
    return count;
  }

  static Instant eventTime(SpecificRecord event) {
    if (event instanceof AuthEvent auth) {
      return auth.getEventTime();
    }
    if (event instanceof TokenUseEvent use) {
      return use.getEventTime();
    }
    throw new IllegalArgumentException("not a contract input event: " + event.getClass().getName());
  }
}
