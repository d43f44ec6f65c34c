package dev.vigil.runtime.lifecycle;

import dev.vigil.runtime.Causes;
import dev.vigil.runtime.dlq.RegistryOutage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.TopologyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies: it is replaced, after a backoff, so the app keeps
 * detecting. The new thread resumes from the last committed offsets (under exactly-once nothing
 * past them was committed), which is also how a record that failed during a Schema Registry outage
 * gets read again instead of skipped.
 *
 * <p>The backoff doubles with each failure in a row (from {@code initialBackoff} up to {@code
 * maxBackoff}) and starts over after {@code quietPeriod} without failures, so an outage does not
 * turn into a tight loop of failing threads. It is spent on the dying thread, before it answers.
 *
 * <p>Errors that no retry can fix shut the client down instead, so the operator sees them rather
 * than an endless loop of replaced threads: a missing source topic, an invalid configuration (e.g.
 * a serde that cannot be configured) and an invalid topology.
 */
public final class ReplaceThreadPolicy implements StreamsUncaughtExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ReplaceThreadPolicy.class);

  private final RetryPolicy waits;
  private final Duration quietPeriod;
  private final Clock clock;
  private final Sleeper sleeper;

  private int failuresInARow;
  private Instant lastFailure = Instant.MIN;

  /** 1 s doubling to 1 min, reset after 5 min without failures. */
  public ReplaceThreadPolicy() {
    this(
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Clock.systemUTC(),
        Sleeper.REAL);
  }

  public ReplaceThreadPolicy(
      Duration initialBackoff,
      Duration maxBackoff,
      Duration quietPeriod,
      Clock clock,
      Sleeper sleeper) {
    this.waits = RetryPolicy.forever(initialBackoff, maxBackoff);
    this.quietPeriod = quietPeriod;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    if (Causes.causedBy(exception, MissingSourceTopicException.class)) {
      log.error(
          "Stopping Kafka Streams: a source topic is missing ({}). Create it and start again.",
          rootMessage(exception));
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    if (Causes.causedBy(exception, ConfigException.class)
        || Causes.causedBy(exception, TopologyException.class)) {
      log.error(
          "Stopping Kafka Streams: {}. A new thread would fail the same way; fix the configuration"
              + " and start again.",
          rootMessage(exception),
          exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    Duration backoff = nextBackoff();
    if (RegistryOutage.isOutage(exception)) {
      log.warn(
          "Stream thread {} stopped: Schema Registry unavailable ({}); replacing it in {} ms to read"
              + " the same records again",
          Thread.currentThread().getName(),
          rootMessage(exception),
          backoff.toMillis());
    } else {
      log.error(
          "Stream thread {} died; replacing it in {} ms, resuming from the last committed offsets",
          Thread.currentThread().getName(),
          backoff.toMillis(),
          exception);
    }
    try {
      sleeper.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  private synchronized Duration nextBackoff() {
    Instant now = clock.instant();
    if (lastFailure.isBefore(now.minus(quietPeriod))) {
      failuresInARow = 0;
    }
    lastFailure = now;
    failuresInARow++;
    return waits.backoffAfter(failuresInARow);
  }

  private static String rootMessage(Throwable error) {
    return Causes.root(error).toString();
  }
}
