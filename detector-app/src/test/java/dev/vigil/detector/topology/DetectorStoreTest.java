package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.detector.baseline.PeerAware;
import dev.vigil.detector.baseline.PeerBaseline;
import dev.vigil.detector.baseline.PeerView;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.topology.CountingDetector.Counter;
import dev.vigil.rules.RulePack;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetectorStoreTest {

  private final RulePack pack = TestPacks.standard();
  private final CountingDetector detector = new CountingDetector();
  private KeyValueStore<String, byte[]> committed;

  @BeforeEach
  void openStore() {
    committed = CommittedStores.inMemory("counts");
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

  /**
   * A counter that is also peer-aware: one group for everyone, whose members are the identities
   * seen; it throws on the event {@code poison} after the group learnt it.
   */
  private static final class PeerCounting implements PeerAware<Counter> {
    private final CountingDetector counting = new CountingDetector("peer-counting");

    @Override
    public String name() {
      return counting.name();
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
    public boolean isExpired(Counter state, Instant streamTime, RulePack pack) {
      return counting.isExpired(state, streamTime, pack);
    }

    @Override
    public StateCodec<Counter> codec() {
      return counting.codec();
    }

    @Override
    public String peerGroup(ObservedEvent event, RulePack pack) {
      return "everyone";
    }

    @Override
    public List<Finding> onEvent(
        Counter state, ObservedEvent event, RulePack pack, PeerView peers) {
      state.count++;
      state.last = event.eventTime();
      return List.of();
    }

    @Override
    public void learnPeer(Counter state, PeerBaseline group, ObservedEvent event, RulePack pack) {
      group.member(event.identityId(), event.eventTime().toEpochMilli(), 86_400_000L);
      if (event.eventId().equals("poison")) {
        throw new IllegalStateException("cannot learn " + event.eventId());
      }
    }

    @Override
    public boolean isPeerExpired(PeerBaseline group, Instant streamTime, RulePack pack) {
      return streamTime.toEpochMilli() - group.lastSeen() >= 3_600_000L;
    }
  }

  @Test
  void aPeerAwareDetectorsGroupIsKeptBesideItsStatesDiscardedOnFailureAndSwept() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 16);
    PeerCounting detector = new PeerCounting();
    DetectorStore<Counter> counts = DetectorStore.open(detector, decoded);
    String groupKey = StateKeys.peerPrefix(detector.name()) + "everyone";
    judge(counts, "svc-a", "u-1");
    judge(counts, "svc-b", "u-2");
    decoded.flushCache();

    assertThatThrownBy(() -> judge(counts, "svc-c", "poison"))
        .isInstanceOf(IllegalStateException.class);
    judge(counts, "svc-d", "u-3");
    decoded.flushCache();

    PeerBaseline group = detector.peerCodec().decode(committed.get(groupKey));
    assertThat(group.peers("nobody"))
        .as("svc-a, svc-b and svc-d; not the failed svc-c")
        .isEqualTo(3);
    assertThat(committed.get(StateKeys.key(detector.name(), "svc-c"))).isNull();

    counts.sweep(at(3_600), pack);
    assertThat(committed.get(groupKey)).as("an hour without members: expired").isNull();
  }

  @Test
  void aCommitWritesOnlyTheStatesChangedSinceTheLastOne() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 16);
    DetectorStore<Counter> counts = counts(decoded);
    judge(counts, "svc-a", "u-1");
    judge(counts, "svc-b", "u-2");
    decoded.flushCache();
    // A mark in the committed copy of svc-a: a commit that wrote svc-a again would overwrite it.
    committed.put(StateKeys.key(detector.name(), "svc-a"), counter(99));

    judge(counts, "svc-b", "u-3");
    decoded.flushCache();
    decoded.flushCache(); // nothing changed in between: writes nothing

    assertThat(storedCount("svc-a")).as("not changed, not written").isEqualTo(99);
    assertThat(storedCount("svc-b")).as("changed, written").isEqualTo(2);
  }

  @Test
  void aStatePushedOutBetweenReadAndWriteIsStillWritten() {
    DetectorStateStore decoded = new DetectorStateStore(committed, 1);
    DetectorStateStore.Slice<Counter> slice = decoded.slice(detector);
    judge(counts(decoded), "svc-a", "u-1");
    decoded.flushCache();

    Counter a = slice.get("svc-a");
    slice.put("svc-b", new Counter()); // a set of one: pushes svc-a out
    a.count = 7;
    slice.put("svc-a", a);
    assertThat(slice.get("svc-a").count).as("read back before the commit").isEqualTo(7);
    decoded.flushCache();

    assertThat(storedCount("svc-a")).isEqualTo(7);
    assertThat(storedCount("svc-b")).isZero();
  }

  @Test
  void aRestartFromTheChangelogResumesFromTheLastCommit() {
    DetectorStateStore before = new DetectorStateStore(committed, 16);
    DetectorStore<Counter> counts = counts(before);
    judge(counts, "svc-a", "u-1");
    judge(counts, "svc-a", "u-2");
    judge(counts, "svc-b", "u-3");
    before.flushCache();
    judge(counts, "svc-a", "u-4"); // not committed when the instance dies

    // What a restart has: the committed states restored into a store with nothing decoded.
    DetectorStateStore after = new DetectorStateStore(committed, 16);
    DetectorStore<Counter> resumed = counts(after);
    judge(resumed, "svc-a", "u-4"); // the uncommitted event, read again
    after.flushCache();

    assertThat(storedCount("svc-a")).isEqualTo(3);
    assertThat(storedCount("svc-b")).isEqualTo(1);
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

  private byte[] counter(int count) {
    Counter counter = new Counter();
    counter.count = count;
    return detector.codec().encode(counter);
  }

  private int storedCount(String identity) {
    return ByteBuffer.wrap(committed.get(StateKeys.key(detector.name(), identity))).getInt();
  }
}
