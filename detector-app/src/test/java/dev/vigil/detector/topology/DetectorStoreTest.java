package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.Finding;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.topology.CountingDetector.Counter;
import dev.vigil.rules.RulePack;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetectorStoreTest {

  private final RulePack pack = TestPacks.standard();
  private final CountingDetector detector = new CountingDetector();
  private KeyValueStore<String, byte[]> committed;

  @BeforeEach
  void openStore() {
    MockProcessorContext<String, Finding> context = new MockProcessorContext<>();
    committed =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("counts"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    committed.init(context.getStateStoreContext(), committed);
  }

  private DetectorStore<Counter> counts(DetectorStateStore decoded) {
    return new DetectorStore<>(detector, decoded.slice(detector));
  }

  @Test
  void statesReachTheChangeloggedStoreOncePerCommitNotPerEvent() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 16);
    DetectorStore<Counter> counts = counts(decoded);

    judge(counts, "svc-a", "u-1");
    judge(counts, "svc-a", "u-2");
    assertThat(committed.get(StateKeys.key(detector.name(), "svc-a")))
        .as("before the commit")
        .isNull();

    decoded.flushCache();
    assertThat(storedCount("svc-a")).isEqualTo(2);

    judge(counts, "svc-a", "u-3");
    decoded.flushCache();
    assertThat(storedCount("svc-a")).isEqualTo(3);
  }

  @Test
  void aStateLeavingTheBoundedDecodedSetIsWrittenFirst() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 1);
    DetectorStore<Counter> counts = counts(decoded);

    judge(counts, "svc-a", "u-1");
    judge(counts, "svc-b", "u-2"); // pushes svc-a out of a set of one
    judge(counts, "svc-a", "u-3"); // read back from the store, not started afresh

    decoded.flushCache();
    assertThat(storedCount("svc-a")).isEqualTo(2);
    assertThat(storedCount("svc-b")).isEqualTo(1);
  }

  @Test
  void anAbortedTransactionLeavesOnlyWhatWasCommitted() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 16);
    DetectorStore<Counter> counts = counts(decoded);
    judge(counts, "svc-a", "u-1");
    decoded.flushCache();
    judge(counts, "svc-a", "u-2");

    decoded.clearCache(); // what Streams does when the transaction aborts
    judge(counts, "svc-a", "u-2"); // and the event is read again
    decoded.flushCache();

    assertThat(storedCount("svc-a")).isEqualTo(2);
  }

  @Test
  void aFailedEventFallsBackToTheLastCommittedState() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 16);
    DetectorStore<Counter> counts = counts(decoded);
    judge(counts, "svc-a", "u-1");
    decoded.flushCache();
    judge(counts, "svc-a", "u-2");

    // The detector counts the poison event, then throws: its half-updated copy must not survive.
    assertThatThrownBy(() -> judge(counts, "svc-a", "poison"))
        .isInstanceOf(IllegalStateException.class);
    List<Finding> findings = judge(counts, "svc-a", "u-3");
    decoded.flushCache();

    assertThat(storedCount("svc-a")).as("u-1 committed, u-3 after the failure").isEqualTo(2);
    assertThat(findings).isEmpty();
  }

  @Test
  void aSweepDeletesExpiredStatesCommittedOrNot() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 16);
    DetectorStore<Counter> counts = counts(decoded);
    judge(counts, "svc-a", "u-1", at(0));
    decoded.flushCache();
    judge(counts, "svc-b", "u-2", at(0)); // not committed yet
    judge(counts, "svc-c", "u-3", at(3_000));

    counts.sweep(at(3_600), pack); // a counter expires an hour after its last event
    judge(counts, "svc-a", "u-4", at(3_700));
    decoded.flushCache();

    assertThat(storedCount("svc-a")).as("started afresh").isEqualTo(1);
    assertThat(committed.get(StateKeys.key(detector.name(), "svc-b"))).isNull();
    assertThat(storedCount("svc-c")).isEqualTo(1);
  }

  @Test
  void detectorsShareTheStoreButNotEachOthersStates() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 16);
    DetectorStore<Counter> counts = counts(decoded);
    CountingDetector other = new CountingDetector("other-counting");
    DetectorStore<Counter> others = new DetectorStore<>(other, decoded.slice(other));

    judge(counts, "svc-a", "u-1");
    judge(counts, "svc-a", "u-2");
    judge(others, "svc-a", "u-3");
    decoded.flushCache();
    others.sweep(at(3_600), pack);

    assertThat(storedCount("svc-a")).isEqualTo(2);
    assertThat(committed.get(StateKeys.key("other-counting", "svc-a"))).as("swept").isNull();
  }

  private List<Finding> judge(DetectorStore<Counter> counts, String identity, String eventId) {
    return judge(counts, identity, eventId, at(0));
  }

  private List<Finding> judge(
      DetectorStore<Counter> counts, String identity, String eventId, Instant time) {
    List<Finding> findings = new ArrayList<>();
    counts.judge(observed(use(eventId, time, identity, "tok-1", "github")), pack, findings);
    return findings;
  }

  private int storedCount(String identity) {
    return ByteBuffer.wrap(committed.get(StateKeys.key(detector.name(), identity))).getInt();
  }
}
