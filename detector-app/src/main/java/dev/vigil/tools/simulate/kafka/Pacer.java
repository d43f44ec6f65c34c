package dev.vigil.tools.simulate.kafka;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces events evenly at a fixed rate: the n-th {@link #acquire()} returns no earlier than n /
 * rate seconds after the first. A feed that fell behind (a slow broker, a GC pause) catches up by
 * at most one second's worth of events, so it never floods the cluster with a long backlog.
 */
public final class Pacer {

  /** Sleeps for a number of nanoseconds; tests pass one that moves a fake clock. */
  @FunctionalInterface
  public interface Sleep {
    void nanos(long nanos) throws InterruptedException;
  }

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleep sleep;
  private long next = Long.MIN_VALUE;

  /** No pacing at all: every {@link #acquire()} returns at once. */
  public static Pacer unlimited() {
    return new Pacer(0L, System::nanoTime, nanos -> {});
  }

  /** A pacer on the system's monotonic clock. */
  public static Pacer perSecond(double rate) {
    return new Pacer(rate, System::nanoTime, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
  }

  public Pacer(double ratePerSecond, LongSupplier nanoTime, Sleep sleep) {
    this(intervalOf(ratePerSecond), nanoTime, sleep);
  }

  private Pacer(long intervalNanos, LongSupplier nanoTime, Sleep sleep) {
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
    this.sleep = sleep;
  }

  private static long intervalOf(double ratePerSecond) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException(
          "rate must be a positive number of events per second, got " + ratePerSecond);
    }
    return Math.max(1, Math.round(SECOND / ratePerSecond));
  }

  /** Waits for the next slot. */
  public void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (next == Long.MIN_VALUE || now - next > SECOND) {
      next = now;
    }
    if (next > now) {
      sleep.nanos(next - now);
    }
    next += intervalNanos;
  }
}
