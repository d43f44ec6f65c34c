package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Detectors;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.ManualClock;
import dev.vigil.detector.fixtures.TestPacks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A task's go-live outlives the task: a detector restarted on the state its changelog restores (the
 * same committed store here) keeps the go-live of its first start, so a backlog that built up while
 * it was down is judged live, an attack in it included, however old it looks by then.
 */
class GoLiveRestartTest {

  private static final Instant FIRST_START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant RESTART = FIRST_START.plus(Duration.ofDays(7));
  private static final Instant DURING_OUTAGE = FIRST_START.plus(Duration.ofDays(2));
  private static final String ID = "spiffe://prod/ns/ci/sa/deployer";

  private final ManualClock clock = new ManualClock(FIRST_START);

  /** One incarnation of the detection processor over a committed store. */
  private final class Incarnation {
    final MockProcessorContext<String, Finding> context = new MockProcessorContext<>();
    final DetectorStateStore states;
    final DetectionProcessor processor;

    Incarnation(KeyValueStore<String, byte[]> committed, WarmUp warmUp) {
      states = new DetectorStateStore(committed, 16);
      DetectorSettings settings =
          new DetectorSettings(
                  TestPacks.standard(),
                  false,
                  Duration.ofMinutes(2),
                  clock,
                  Detectors.all(),
                  (text, origin) -> TestPacks.standard())
              .withWarmUp(warmUp);
      processor = MockDetection.processor(context, states, settings);
      processor.init(context);
    }

    void process(ObservedEvent event) {
      processor.process(new Record<>(ID, event, event.eventTime().toEpochMilli()));
    }

    /** The commit: decoded states reach the store, as they reach the changelog. */
    void commit() {
      states.flushCache();
    }

    /** A token bound to workload A, then presented by workload B: a context mismatch. */
    List<Finding> stolenToken(String token, Instant at) {
      process(
          observed(
              issued("i-" + token, at, ID, token)
                  .setSource(attested("spiffe://a", null))
                  .setTokenExpiresAt(at.plus(Duration.ofDays(30)))));
      process(
          observed(
              use("x-" + token, at.plusSeconds(60), ID, token, "github")
                  .setSource(attested("spiffe://evil", null))));
      return context.forwarded().stream().<Finding>map(f -> f.record().value()).toList();
    }
  }

  private static WarmUp earliest() {
    return WarmUp.parse("earliest", WarmUp.HistoryAlerts.SUPPRESS);
  }

  @Test
  void aRestartAfterAWeekDownJudgesTheOutageBacklogLive() {
    KeyValueStore<String, byte[]> committed = CommittedStores.inMemory("states");
    Incarnation first = new Incarnation(committed, earliest());
    first.process(observed(issued("i-0", FIRST_START, ID, "tok-0")));
    first.commit();

    clock.set(RESTART);
    Incarnation restarted = new Incarnation(committed, earliest());
    assertThat(restarted.stolenToken("tok-1", DURING_OUTAGE))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.CONTEXT);
              assertThat(f.retrospective()).isFalse();
            });
  }

  @Test
  void withoutTheRecordedGoLiveTheSameBacklogWouldBeHistory() {
    // The contrast: a detector starting afresh at the restart's moment takes the backlog as
    // history.
    clock.set(RESTART);
    Incarnation fresh = new Incarnation(CommittedStores.inMemory("states"), earliest());
    assertThat(fresh.stolenToken("tok-1", DURING_OUTAGE)).isEmpty();
  }

  @Test
  void aPartitionWithNoEventAtTheFirstStartGoesLiveOnItsWallClockCheck() {
    KeyValueStore<String, byte[]> committed = CommittedStores.inMemory("states");
    Incarnation first = new Incarnation(committed, earliest());
    MockProcessorContext.CapturedPunctuator check =
        first.context.scheduledPunctuators().stream()
            .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
            .findFirst()
            .orElseThrow();
    check.getPunctuator().punctuate(FIRST_START.toEpochMilli());
    assertThat(check.cancelled()).as("the check runs once").isTrue();
    first.commit();

    clock.set(RESTART);
    Incarnation restarted = new Incarnation(committed, earliest());
    assertThat(restarted.stolenToken("tok-1", DURING_OUTAGE)).hasSize(1);
  }

  @Test
  void aStoreFromBeforeWarmUpExistedMakesNothingHistory() {
    KeyValueStore<String, byte[]> committed = CommittedStores.inMemory("states");
    Incarnation before = new Incarnation(committed, WarmUp.NONE);
    before.process(observed(issued("i-0", FIRST_START, ID, "tok-0")));
    before.commit();

    clock.set(RESTART);
    Incarnation upgraded = new Incarnation(committed, earliest());
    assertThat(upgraded.stolenToken("tok-1", DURING_OUTAGE)).hasSize(1);
  }
}
