package dev.vigil.tools.simulate.kafka;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventFeed} on its own thread, closable from a shutdown hook: {@link #close()} asks the
 * feed to stop, waits for it to flush what it sent, and only then closes the producer, so a Ctrl-C
 * never races a send against a closed producer.
 */
public final class RunningFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningFeed.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final EventProducer producer;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;

  private RunningFeed(EventProducer producer, String name, Runnable body) {
    this.producer = producer;
    this.thread = new Thread(body, name);
    thread.setDaemon(true);
  }

  /** What the feed thread runs: sends events until done or until {@code stopped} turns true. */
  @FunctionalInterface
  public interface Body {
    void run(BooleanSupplier stopped) throws InterruptedException;
  }

  /**
   * Starts feeding {@code events} through {@code feed} (which writes to {@code producer}).
   *
   * @param onEnd told why the feed ended by itself ("simulation finished" or the failure), e.g. to
   *     request a stop of the whole command; not called when {@link #close()} stopped it
   */
  public static RunningFeed start(
      String name,
      EventFeed feed,
      EventProducer producer,
      Iterator<SpecificRecord> events,
      Consumer<String> onEnd) {
    return start(name, producer, stopped -> feed.run(events, stopped), onEnd);
  }

  /**
   * Starts {@code body} (which writes to {@code producer}) on its own thread, e.g. several feeds
   * one after the other.
   *
   * @param onEnd as for {@link #start(String, EventFeed, EventProducer, Iterator, Consumer)}
   */
  public static RunningFeed start(
      String name, EventProducer producer, Body body, Consumer<String> onEnd) {
    AtomicReference<RunningFeed> self = new AtomicReference<>();
    RunningFeed running =
        new RunningFeed(
            producer,
            name,
            () -> {
              RunningFeed me = self.get();
              try {
                body.run(me.stop::get);
                if (!me.stop.get()) {
                  onEnd.accept("simulation finished");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                me.failure.set(e);
                log.error("Traffic feed stopped: {}", e.getMessage());
                onEnd.accept("traffic feed failed: " + e.getMessage());
              }
            });
    self.set(running);
    running.thread.start();
    return running;
  }

  /** Events sent so far. */
  public long sent() {
    return producer.sent();
  }

  /** Why the feed failed, if it did. */
  public Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(STOP_WAIT.toMillis());
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(STOP_WAIT.toMillis());
    }
    producer.close();
  }
}
