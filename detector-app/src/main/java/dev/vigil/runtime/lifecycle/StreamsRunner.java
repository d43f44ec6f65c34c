package dev.vigil.runtime.lifecycle;

import dev.vigil.runtime.dlq.DeadLetterHandler;
import dev.vigil.runtime.dlq.DeadLetterMetrics;
import dev.vigil.runtime.metrics.StreamsHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams app the way Vigil wants it run: state changes feed {@link StreamsHealth}
 * (and so {@code /ready} and {@code vigil_streams_state}) and the log; dead threads are replaced
 * ({@link ReplaceThreadPolicy}); the dead-letter handlers count into the given metrics; Kafka
 * Streams' own metrics are bound to the registry ({@code kafka_*}); closing leaves the consumer
 * group at once so another instance takes over the partitions without waiting for a session
 * timeout.
 *
 * <pre>{@code
 * StreamsRunner runner = StreamsRunner.builder(topology, config.streamsProperties())
 *     .registry(registry).health(health).deadLetters(detectionMetrics)
 *     .closeTimeout(config.shutdownTimeout())
 *     .onError(state -> shutdown.requestStop("Kafka Streams " + state))
 *     .start();
 * }</pre>
 */
public final class StreamsRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

  /** How often Kafka Streams' metric set is checked for new metrics (tasks, stores) to expose. */
  static final Duration METRICS_REFRESH = Duration.ofSeconds(5);

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final Duration closeTimeout;
  private boolean closed;

  private StreamsRunner(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics, Duration closeTimeout) {
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.closeTimeout = closeTimeout;
  }

  /** Starts configuring an app for {@code topology} with {@code streamsConfig}. */
  public static Builder builder(Topology topology, Properties streamsConfig) {
    return new Builder(topology, streamsConfig);
  }

  /** What the runner needs besides the topology; everything but the registry has a default. */
  public static final class Builder {

    private final Topology topology;
    private final Properties streamsConfig;
    private MeterRegistry registry;
    private StreamsHealth health;
    private DeadLetterMetrics deadLetters = DeadLetterMetrics.NONE;
    private Duration closeTimeout = Duration.ofSeconds(30);
    private Consumer<State> onError = state -> {};
    private StreamsUncaughtExceptionHandler threadPolicy = new ReplaceThreadPolicy();

    private Builder(Topology topology, Properties streamsConfig) {
      this.topology = topology;
      this.streamsConfig = streamsConfig;
    }

    /** Where {@code kafka_*} Streams metrics (and, unless given, the health gauge) go. */
    public Builder registry(MeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    /** The health {@code /ready} reads; by default a new one on the registry. */
    public Builder health(StreamsHealth health) {
      this.health = health;
      return this;
    }

    /** The counter of dead-lettered records ({@code vigil_dlq_records_total}). */
    public Builder deadLetters(DeadLetterMetrics deadLetters) {
      this.deadLetters = deadLetters;
      return this;
    }

    /** How long {@link #close()} waits for Streams to commit and stop (default 30 s). */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    /**
     * Called (on a Streams thread) if the app reaches ERROR, e.g. {@code state ->
     * shutdown.requestStop(...)}; it must not close the app itself.
     */
    public Builder onError(Consumer<State> onError) {
      this.onError = onError;
      return this;
    }

    /** What to do when a stream thread dies; default {@link ReplaceThreadPolicy}. */
    public Builder threadPolicy(StreamsUncaughtExceptionHandler threadPolicy) {
      this.threadPolicy = threadPolicy;
      return this;
    }

    /** Creates and starts the app; returns at once (see {@link #awaitRunning(Duration)}). */
    public StreamsRunner start() {
      if (registry == null) {
        throw new IllegalStateException("StreamsRunner needs a meter registry");
      }
      StreamsHealth streamsHealth = health == null ? new StreamsHealth(registry) : health;
      Properties config = new Properties();
      config.putAll(streamsConfig);
      config.put(DeadLetterHandler.METRICS_CONFIG, deadLetters);
      KafkaStreams streams = new KafkaStreams(topology, config);
      streams.setStateListener(
          (newState, oldState) -> {
            streamsHealth.onChange(newState, oldState);
            log.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == State.ERROR) {
              onError.accept(newState);
            }
          });
      streams.setUncaughtExceptionHandler(threadPolicy);
      // State stores and their RocksDB metrics appear only once tasks are assigned; Micrometer looks
      // for new Kafka metrics every minute by default, so a fresh detector's scrape would lack them.
      KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(
          streams, List.of(), Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "vigil-streams-metrics");
            thread.setDaemon(true);
            return thread;
          }), METRICS_REFRESH);
      streamsMetrics.bindTo(registry);
      streams.start();
      return new StreamsRunner(streams, streamsMetrics, closeTimeout);
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** Waits until the app is RUNNING; false when {@code timeout} passed first or it failed. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      State state = streams.state();
      if (state == State.RUNNING) {
        return true;
      }
      if (!state.isRunningOrRebalancing() && state != State.CREATED) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /**
   * Commits, leaves the consumer group and stops, waiting at most the close timeout. Calling it
   * again does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean clean =
        streams.close(
            CloseOptions.timeout(closeTimeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (!clean) {
      log.warn("Kafka Streams did not stop within {}; exiting anyway", closeTimeout);
    }
    streamsMetrics.close();
  }
}
