package dev.vigil.tools.simulate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil simulate} to Kafka: the history goes out at once, stamped in the past; live events
 * are sent only once the wall clock has reached their event time.
 */
class LiveFeedTest {

  /** What was sent, and when by the wall clock. */
  private record Sent(Instant eventTime, Instant at) {}

  private static final class RecordingSink implements EventSink {
    final Clock clock;
    final List<Sent> sent = new ArrayList<>();

    RecordingSink(Clock clock) {
      this.clock = clock;
    }

    @Override
    public synchronized void send(SpecificRecord event) {
      sent.add(new Sent(EventFeed.eventTime(event), clock.instant()));
    }

    /** How many events had been sent at each flush. */
    final List<Integer> flushes = new ArrayList<>();

    @Override
    public synchronized void flush() {
      flushes.add(sent.size());
    }
  }

  private final Clock clock = Clock.systemUTC();

  @Test
  void historyGoesOutAtOnceAndLiveEventsWhenTheClockReachesThem() throws Exception {
    SampleEvents.authEvent(); // class loading out of the way before the clock starts mattering
    Instant now = clock.instant();
    List<SpecificRecord> events =
        List.of(
            at(now.minus(Duration.ofHours(2)), "h1"),
            at(now.minus(Duration.ofMinutes(1)), "h2"),
            at(now.plusMillis(1200), "l1"),
            at(now.plusMillis(1700), "l2"),
            at(now.plusMillis(2300), "l3"));
    RecordingSink sink = new RecordingSink(clock);
    AtomicLong history = new AtomicLong(-1);

    long sent =
        new LiveFeed(sink, Pacer.unlimited(), clock)
            .run(events.iterator(), () -> false, (count, before) -> history.set(count));

    assertThat(sent).isEqualTo(5);
    assertThat(history).hasValue(2);
    assertThat(sink.sent.get(1).at()).isBefore(now.plusMillis(1000));
    // Delivered (committed, for a transactional sink) before every wait for the clock: nothing
    // sent sits undelivered while the feed waits for the next event's time.
    assertThat(sink.flushes).containsSubsequence(2, 3, 4, 5);
    assertThat(sink.sent.subList(2, 5))
        .allSatisfy(s -> assertThat(s.at()).isAfterOrEqualTo(s.eventTime()))
        .allSatisfy(s -> assertThat(s.at()).isBefore(s.eventTime().plusMillis(300)));
  }

  @Test
  void noSimulatedEventIsSentMoreThanASecondAheadOfTheClock() throws Exception {
    // The simulate command's own default: the estate starts --warm-up before now.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    SimulationConfig config =
        new SimulationConfig(7, now.minus(Duration.ofHours(3)), 1, 400, 2, Duration.ofHours(3));
    RecordingSink sink = new RecordingSink(clock);
    AtomicLong history = new AtomicLong(-1);
    // Until a few live events went out after the history (or a generous limit on a busy machine):
    // a fixed few seconds can pass before the history is even sent.
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();

    new LiveFeed(sink, Pacer.unlimited(), clock)
        .run(
            new SimulatedEstate(config).iterator(),
            () ->
                (history.get() >= 0 && sink.sent.size() > history.get() + 3)
                    || System.nanoTime() > giveUpAt,
            (count, before) -> history.set(count));

    assertThat(history.get()).as("history events").isGreaterThan(100);
    assertThat(sink.sent).hasSizeGreaterThan((int) history.get());
    assertThat(sink.sent)
        .allSatisfy(
            s ->
                assertThat(s.eventTime())
                    .as("event time of an event sent at %s", s.at())
                    .isBeforeOrEqualTo(s.at().plusSeconds(1)));
  }

  private static AuthEvent at(Instant time, String id) {
    AuthEvent event = SampleEvents.authEvent();
    event.setEventId(id);
    event.setEventTime(time);
    return event;
  }
}
