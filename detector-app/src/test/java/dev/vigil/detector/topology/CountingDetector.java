package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.rules.RulePack;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * A detector that counts events per key, for tests of the state store: it expires a counter an hour
 * after its last event and throws on the event {@code poison} (after counting it), so a test can
 * see a half-updated state discarded. Its codec is a fixed 12 bytes: the count, then the last
 * event's epoch milliseconds.
 */
final class CountingDetector implements Detector<CountingDetector.Counter> {

  /** An identity's events so far and the time of the last one. */
  static final class Counter {
    int count;
    Instant last = Instant.EPOCH;
  }

  private final String name;

  CountingDetector() {
    this("counting");
  }

  CountingDetector(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public KeyBy keyBy() {
    return KeyBy.IDENTITY;
  }

  @Override
  public boolean accepts(ObservedEvent event) {
    return true;
  }

  @Override
  public Counter newState() {
    return new Counter();
  }

  @Override
  public List<Finding> onEvent(Counter state, ObservedEvent event, RulePack pack) {
    state.count++;
    state.last = event.eventTime();
    if (event.eventId().equals("poison")) {
      throw new IllegalStateException("cannot judge " + event.eventId());
    }
    return List.of();
  }

  @Override
  public boolean isExpired(Counter state, Instant streamTime, RulePack pack) {
    return !streamTime.isBefore(state.last.plusSeconds(3_600));
  }

  @Override
  public StateCodec<Counter> codec() {
    return new StateCodec<>() {
      @Override
      public byte[] encode(Counter state) {
        return ByteBuffer.allocate(12)
            .putInt(state.count)
            .putLong(state.last.toEpochMilli())
            .array();
      }

      @Override
      public Counter decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Counter counter = new Counter();
        counter.count = buffer.getInt();
        counter.last = Instant.ofEpochMilli(buffer.getLong());
        return counter;
      }
    };
  }
}
