package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.StateCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Every detector's per-key states in one task: one changelogged store (each detector's keys under
 * its {@link StateKeys#prefix}), with the states kept decoded between events and written to the
 * store once per commit rather than once per event.
 *
 * <p>Why one store: every store has its own changelog partition per task, and an exactly-once
 * commit waits for every partition it wrote to; one store instead of one per detector cuts the
 * partitions in each transaction fivefold. Why decoded: profiling showed encoding every state after
 * every event, and putting the bytes through the store layers, cost about as much as the detections
 * themselves, while only the last write inside a commit interval mattered.
 *
 * <p>How exactly-once is kept: at every commit, before it flushes the producer and commits the
 * transaction, Kafka Streams calls {@link #flushCache()} on each store of the task that is a {@link
 * CachedStateStore}, and that is when each state changed since the last commit is encoded and
 * written, once. So the changelog inside a transaction always holds the state of every event that
 * transaction commits. When a transaction fails, Kafka closes the task's stores without committing
 * and restores them from the changelog: {@link #close()} drops the decoded states, changes since
 * the last commit included ({@link #clearCache()} does the same; Kafka 4.4.0 calls it only when it
 * recycles a task).
 *
 * <p>The decoded states are bounded per detector: the least recently used is written out (if
 * changed) and dropped when more than {@code capacity} are held. A sweep writes what it changes
 * directly; it runs inside processing, so inside the transaction.
 *
 * <p>Each detector's slice also knows which keys its store surely does not hold ({@link
 * StoredKeys}), learnt by one scan of its prefix at its first read after the store was opened or
 * cleared (restoration is over by then: a task processes only once restored), kept up to date at
 * every write and rebuilt at every sweep. A read of a key never stored, the first event of every
 * token and identity, then costs a few hash probes instead of a store look-up.
 *
 * <p><b>Relying on Kafka internals.</b> {@link CachedStateStore} and {@link CacheFlushListener} are
 * in {@code org.apache.kafka.streams.state.internals}: not a public API, no compatibility promise.
 * Checked on Kafka 4.4.0. There {@code StreamTask.prepareCommit} calls {@code StreamTask.flush},
 * which calls {@code ProcessorStateManager.flushCache()}, which calls {@code flushCache()} on every
 * registered store that is a {@code CachedStateStore}; this store is the one registered, because
 * {@link #init} passes it down as the root of its inner store. The stream thread's commits and the
 * {@code TopologyTestDriver}'s (used by {@code replay} and {@code evaluate}) both take that path.
 * {@code DetectorStateStoreCommitHookTest} (TopologyTestDriver) and {@code
 * DetectorStateStoreCommitHookIT} (a real broker, {@code exactly_once_v2}, state restored from the
 * changelog into an empty state directory) fail if Kafka stops calling the hook at commit; {@code
 * KafkaInternalsCheckedTest} fails on a Kafka release that is not named in the "Checked on"
 * sentence above, until someone has run those tests on it and added it there.
 *
 * <p>If a Kafka upgrade breaks it, do not ship around it: without the hook, states reach the store
 * only when evicted or swept, and a crash silently loses state. Either find where the new release
 * flushes caches at commit and hook in there (the two tests tell whether it is called at commit),
 * or make {@link Slice#put} write each state through to the inner store at once, as before this
 * class existed: correct on any Kafka, at the encoding cost per event that {@code
 * docs/BENCHMARKS.md} (item 3) measured as large as the detections themselves.
 */
final class DetectorStateStore implements StateStore, CachedStateStore<String, Object> {

  private static final StringSerializer PREFIX = new StringSerializer();

  /**
   * The key prefix of the identities' {@link dev.vigil.detector.profile.IdentityActivity}, kept for
   * profiles. No detector's prefix can be this one: those are initials, letters and digits only.
   */
  static final String ACTIVITY_PREFIX = "~ia:";

  private final KeyValueStore<String, byte[]> inner;
  private final int capacity;
  private final List<Detector<?>> detectors;
  private final Map<String, Slice<?>> slices = new LinkedHashMap<>();

  DetectorStateStore(KeyValueStore<String, byte[]> inner, int capacity) {
    this(inner, capacity, List.of());
  }

  /**
   * @param detectors the detectors whose states {@link IdentityProfileQuery} describes
   */
  DetectorStateStore(
      KeyValueStore<String, byte[]> inner, int capacity, List<Detector<?>> detectors) {
    this.inner = inner;
    this.capacity = capacity;
    this.detectors = List.copyOf(detectors);
  }

  /** The states of one detector. */
  <S> Slice<S> slice(Detector<S> detector) {
    return slice(StateKeys.prefix(detector.name()), detector.codec());
  }

  /** The states stored under {@code prefix}. */
  @SuppressWarnings("unchecked")
  <S> Slice<S> slice(String prefix, StateCodec<S> codec) {
    return (Slice<S>) slices.computeIfAbsent(prefix, p -> new Slice<>(p, codec));
  }

  /**
   * Whether the store holds any committed state at all: at a task's first record, whether a
   * detector ran on this partition before (see {@link HistoryGate}).
   */
  boolean holdsState() {
    try (KeyValueIterator<String, byte[]> all = inner.all()) {
      return all.hasNext();
    }
  }

  /** What a sweep does with one state. */
  enum Verdict {
    KEEP,
    CHANGED,
    DELETE
  }

  /**
   * One detector's states: its key prefix in the store, and its decoded states.
   *
   * <p>Each decoded state sits in one {@link Held} with its changed-since-the-last-commit mark, and
   * the changed ones are also listed in the order they first changed: so judging an event costs one
   * map look-up per detector (the state found is the one changed in place, and marking it is a
   * field), where a map of states beside a set of changed keys took three; a commit writes the
   * listed ones and nothing else. Profiling put those look-ups among the largest costs per event.
   * {@link #put} finds the state {@link #get} just returned without a look-up: {@code lastRead} is
   * that state while it is surely still held, and is forgotten whenever a state is added (which may
   * push it out), discarded or swept.
   */
  final class Slice<S> {

    private final String prefix;
    private final StateCodec<S> codec;
    private final Map<String, Held<S>> decoded;
    private final List<Held<S>> changed = new ArrayList<>();
    private Held<S> lastRead;

    /** The keys the store may hold under this prefix; null until first needed after a clear. */
    private StoredKeys stored;

    private Slice(String prefix, StateCodec<S> codec) {
      this.prefix = prefix;
      this.codec = codec;
      this.decoded =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Held<S>> eldest) {
              if (size() <= capacity) {
                return false;
              }
              writeIfChanged(eldest.getValue());
              return true;
            }
          };
    }

    /** The state of {@code key}, or null when there is none. */
    S get(String key) {
      Held<S> held = decoded.get(key);
      if (held == null) {
        byte[] bytes = read(key);
        if (bytes == null) {
          lastRead = null;
          return null;
        }
        held = hold(key, codec.decode(bytes));
        held.inStore = true;
      }
      lastRead = held;
      return held.state;
    }

    /** True when {@code key} has a state, decoded or stored. */
    boolean contains(String key) {
      return decoded.containsKey(key) || read(key) != null;
    }

    /** The stored bytes of {@code key}, or null; a key surely never stored is not looked up. */
    private byte[] read(String key) {
      if (stored == null) {
        stored = storedKeys();
      }
      return stored.mayHold(key) ? inner.get(prefix + key) : null;
    }

    /**
     * Every key the store holds under this prefix. Built at the first read after the slice was
     * opened or cleared: by then Kafka Streams has restored the store from its changelog.
     */
    private StoredKeys storedKeys() {
      StoredKeys keys = new StoredKeys(inner.approximateNumEntries());
      try (KeyValueIterator<String, byte[]> all = inner.prefixScan(prefix, PREFIX)) {
        while (all.hasNext()) {
          keys.add(all.next().key.substring(prefix.length()));
        }
      }
      return keys;
    }

    /**
     * Records that {@code key} now has {@code state}; it reaches the changelog at the next commit.
     */
    void put(String key, S state) {
      // The usual case: the state was just read with get and changed in place.
      Held<S> held = lastRead != null && lastRead.key.equals(key) ? lastRead : decoded.get(key);
      if (held == null) {
        held = hold(key, state);
      } else {
        held.state = state;
      }
      if (!held.changed) {
        held.changed = true;
        changed.add(held);
      }
    }

    /**
     * Forgets the decoded copy of {@code key}, changes since the last commit included; reads fall
     * back to the committed state. For a state an event may have left half-updated.
     */
    void discard(String key) {
      lastRead = null;
      Held<S> held = decoded.remove(key);
      if (held != null) {
        held.changed = false; // still listed, but no longer written at the commit
      }
    }

    /**
     * Visits every state; deletes those judged {@code DELETE}, writes back those {@code CHANGED}.
     */
    void sweep(Function<S, Verdict> judge) {
      lastRead = null;
      flush();
      Map<String, S> rewritten = new LinkedHashMap<>();
      List<String> doomed = new ArrayList<>();
      // The sweep reads every key anyway: the keys it keeps become the slice's stored keys, which
      // sheds the ones deleted since the last sweep.
      StoredKeys kept = new StoredKeys(inner.approximateNumEntries());
      try (KeyValueIterator<String, byte[]> all = inner.prefixScan(prefix, PREFIX)) {
        while (all.hasNext()) {
          KeyValue<String, byte[]> entry = all.next();
          String key = entry.key.substring(prefix.length());
          Held<S> held = decoded.get(key);
          S state = held != null ? held.state : codec.decode(entry.value);
          switch (judge.apply(state)) {
            case DELETE -> doomed.add(key);
            case CHANGED -> {
              rewritten.put(key, state);
              kept.add(key);
            }
            case KEEP -> kept.add(key);
          }
        }
      }
      for (String key : doomed) {
        inner.delete(prefix + key);
        decoded.remove(key);
      }
      stored = kept;
      rewritten.forEach(this::write);
    }

    /** Writes every state changed since the last commit, each once, in the order it changed. */
    private void flush() {
      for (Held<S> held : changed) {
        writeIfChanged(held);
      }
      changed.clear();
    }

    /** Holds a state not held yet; adding it may push the least recently used one out. */
    private Held<S> hold(String key, S state) {
      lastRead = null;
      Held<S> held = new Held<>(key, state);
      decoded.put(key, held);
      return held;
    }

    private void clear() {
      lastRead = null;
      stored = null;
      decoded.clear();
      changed.clear();
    }

    private void writeIfChanged(Held<S> held) {
      if (held.changed) {
        held.changed = false;
        if (!held.inStore) {
          if (stored != null) {
            stored.add(held.key);
          }
          held.inStore = true;
        }
        write(held.key, held.state);
      }
    }

    /** Writes a state; its key must be in {@link #stored} already, or be added by the caller. */
    private void write(String key, S state) {
      inner.put(prefix + key, codec.encode(state));
    }
  }

  /** A decoded state, under its key, and whether it changed since it was last written. */
  private static final class Held<S> {
    private final String key;
    private S state;
    private boolean changed;

    /**
     * True once the key is known to be in the store (read from it, or written since it was held):
     * then it is in the slice's stored keys too, and a write need not add it again.
     */
    private boolean inStore;

    private Held(String key, S state) {
      this.key = key;
      this.state = state;
    }
  }

  @Override
  public void flushCache() {
    slices.values().forEach(Slice::flush);
  }

  @Override
  public void clearCache() {
    slices.values().forEach(Slice::clear);
  }

  @Override
  public boolean setFlushListener(
      CacheFlushListener<String, Object> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // Re-opened after a close: whatever was decoded or learnt about the keys belongs to the old
    // contents, which restoration may replace.
    clearCache();
    inner.init(context, root);
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return inner.approximateNumUncommittedBytes();
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public void close() {
    clearCache();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    if (query instanceof IdentityProfileQuery profile) {
      // Reads the committed states from the inner store, never the decoded ones: those belong to
      // the stream thread, and may hold changes of a transaction that has not committed.
      return (QueryResult<R>)
          QueryResult.forResult(
              ProfileReader.read(inner, detectors, profile.identity(), profile.now()));
    }
    return inner.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
