package dev.vigil.tools.bench;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/** Times a Kafka Streams application from RUNNING until it has consumed and committed its input. */
final class Drained {

  private Drained() {}

  /** Events per second over the time from RUNNING to drained. */
  static double eventsPerSecond(
      KafkaStreams streams,
      GroupDrain drain,
      String groupId,
      java.util.Set<String> inputs,
      long events,
      Duration timeout)
      throws InterruptedException {
    long running = awaitRunning(streams, timeout);
    drain.await(groupId, inputs, timeout);
    double seconds = (System.nanoTime() - running) / 1e9;
    return events / seconds;
  }

  /** Polls finely: a coarse poll would add its period to the measured time. */
  private static long awaitRunning(KafkaStreams streams, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      KafkaStreams.State state = streams.state();
      if (state == KafkaStreams.State.RUNNING) {
        return System.nanoTime();
      }
      if (state == KafkaStreams.State.ERROR
          || state == KafkaStreams.State.NOT_RUNNING
          || state == KafkaStreams.State.PENDING_ERROR) {
        throw new IllegalStateException("Kafka Streams stopped before running: " + state);
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("Kafka Streams not RUNNING within " + timeout);
  }
}
