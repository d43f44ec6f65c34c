package dev.vigil.runtime.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a running Vigil cleanly on SIGTERM or Ctrl-C, on {@code --duration} expiry, or when the app
 * fails: the registered resources are closed one by one in reverse registration order, like
 * try-with-resources, so whatever started last stops first (the demo's traffic generator, then
 * Kafka Streams, which commits and leaves its group, then the metrics server, then the embedded
 * broker the others used), each logged with the time it took.
 *
 * <pre>{@code
 * GracefulShutdown shutdown = GracefulShutdown.install();
 * shutdown.register("metrics server", server);
 * shutdown.register("kafka streams", runner);   // closed before the metrics server
 * shutdown.awaitStopRequest(duration);          // Ctrl-C, SIGTERM, requestStop(...) or the duration
 * shutdown.closeAll();
 * }</pre>
 *
 * <p>On a signal the JVM runs the shutdown hook, which closes everything itself and only then lets
 * the JVM exit; a main thread that calls {@link #closeAll()} at the same time waits for it.
 */
public final class GracefulShutdown {

  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

  private record Step(String name, AutoCloseable resource) {}

  private final List<Step> steps = new ArrayList<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private volatile String reason;
  private boolean closed;

  private GracefulShutdown() {}

  /** A shutdown whose hook runs on SIGTERM, SIGINT (Ctrl-C) and normal JVM exit. */
  public static GracefulShutdown install() {
    GracefulShutdown shutdown = new GracefulShutdown();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shutdown.requestStop("signal");
                  shutdown.closeAll();
                },
                "vigil-shutdown"));
    return shutdown;
  }

  /** A shutdown without a JVM hook, for tests and embedded use. */
  public static GracefulShutdown withoutHook() {
    return new GracefulShutdown();
  }

  /** Adds a resource; it will close before every resource registered earlier. */
  public synchronized GracefulShutdown register(String name, AutoCloseable resource) {
    if (closed) {
      throw new IllegalStateException("already shut down; cannot register " + name);
    }
    steps.add(new Step(name, resource));
    return this;
  }

  /**
   * Asks the main thread to stop (it returns from {@link #awaitStopRequest}). Safe from any thread.
   */
  public void requestStop(String why) {
    if (stopRequested.getCount() > 0) {
      reason = why;
      stopRequested.countDown();
    }
  }

  /**
   * Waits for a stop request, or at most {@code max} when given ({@code --duration}); null waits
   * until a stop is requested.
   *
   * @return the reason of the stop request, or {@code "duration elapsed"}
   */
  public String awaitStopRequest(Duration max) throws InterruptedException {
    if (max == null) {
      stopRequested.await();
    } else if (!stopRequested.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
      requestStop("duration elapsed");
    }
    return reason;
  }

  public boolean stopRequested() {
    return stopRequested.getCount() == 0;
  }

  /** Closes every resource, last registered first; a failure is logged and the rest still close. */
  public synchronized void closeAll() {
    if (closed) {
      return;
    }
    closed = true;
    requestStop("closed");
    for (int i = steps.size() - 1; i >= 0; i--) {
      Step step = steps.get(i);
      long started = System.nanoTime();
      try {
        step.resource().close();
        log.info(
            "Stopped {} in {} ms",
            step.name(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      } catch (Exception e) {
        log.warn("Stopping {} failed", step.name(), e);
      }
    }
  }
}
