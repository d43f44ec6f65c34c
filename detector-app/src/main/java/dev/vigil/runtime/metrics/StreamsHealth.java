package dev.vigil.runtime.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Follows the state of the Kafka Streams app, for {@code /ready} and the {@code
 * vigil_streams_state} gauge (1 while RUNNING, else 0). Fed by the app's state listener.
 */
public final class StreamsHealth implements KafkaStreams.StateListener {

  private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);

  public StreamsHealth(MeterRegistry registry) {
    Gauge.builder("vigil.streams.state", this, health -> health.isRunning() ? 1 : 0)
        .description("1 while Kafka Streams is RUNNING, else 0")
        .register(registry);
  }

  @Override
  public void onChange(State newState, State oldState) {
    state.set(newState);
  }

  public State state() {
    return state.get();
  }

  /**
   * Ready to process: every task assigned and restored. REBALANCING, ERROR and the rest are not.
   */
  public boolean isRunning() {
    return state.get() == State.RUNNING;
  }
}
