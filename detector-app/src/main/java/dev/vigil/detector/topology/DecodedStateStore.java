package dev.vigil.detector.topology;

import dev.vigil.detector.StateCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
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
 * A detector's per-key states, kept decoded between events and written to the changelogged store
 * once per commit rather than once per event.
 *
 * <p>Profiling showed encoding every state after every event, and putting the bytes through the
 * store layers, cost about as much as the detections themselves: a busy identity's state was
 * encoded and written many times inside one commit interval, and only the last write mattered.
 * This store keeps the states changed since the last commit decoded and marked dirty; Kafka Streams
 * calls {@link #flushCache()} on every {@link CachedStateStore} before it flushes the producer and
 * commits the transaction, and that is when each dirty state is encoded and written once. So the
 * changelog inside a transaction always holds the state of every event that transaction commits
 * — exactly-once is kept — and an aborted transaction is followed by {@link #clearCache()}, which
 * drops what was never committed.
 *
 * <p>The decoded states are bounded: the least recently used is written out (if dirty) and dropped
 * when more than {@code capacity} are held.
 */
final class DecodedStateStore<S> implements StateStore, CachedStateStore<String, S> {

  private final KeyValueStore<String, byte[]> inner;
  private final StateCodec<S> codec;
  private final Map<String, S> decoded;
  private final Set<String> dirty = new HashSet<>();

  DecodedStateStore(KeyValueStore<String, byte[]> inner, StateCodec<S> codec, int capacity) {
    this.inner = inner;
    this.codec = codec;
    this.decoded =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, S> eldest) {
            if (size() <= capacity) {
              return false;
            }
            if (dirty.remove(eldest.getKey())) {
              inner.put(eldest.getKey(), codec.encode(eldest.getValue()));
            }
            return true;
          }
        };
  }

  /** The state of {@code key}, or null when there is none. */
  S get(String key) {
    S state = decoded.get(key);
    if (state == null) {
      byte[] stored = inner.get(key);
      if (stored != null) {
        state = codec.decode(stored);
        decoded.put(key, state);
      }
    }
    return state;
  }

  /** Records that {@code key} now has {@code state}; it reaches the changelog at the next commit. */
  void put(String key, S state) {
    decoded.put(key, state);
    dirty.add(key);
  }

  /**
   * Forgets the decoded copy of {@code key}, changes since the last commit included; reads fall
   * back to the committed state. For a state an event may have left half-updated.
   */
  void discard(String key) {
    decoded.remove(key);
    dirty.remove(key);
  }

  /** What a sweep does with one state. */
  enum Verdict {
    KEEP,
    CHANGED,
    DELETE
  }

  /** Visits every state; deletes those judged {@code DELETE}, writes back those {@code CHANGED}. */
  void sweep(Function<S, Verdict> judge) {
    flushCache();
    Map<String, S> changed = new LinkedHashMap<>();
    List<String> doomed = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = inner.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        S cached = decoded.get(entry.key);
        S state = cached != null ? cached : codec.decode(entry.value);
        switch (judge.apply(state)) {
          case DELETE -> doomed.add(entry.key);
          case CHANGED -> changed.put(entry.key, state);
          case KEEP -> {}
        }
      }
    }
    for (String key : doomed) {
      inner.delete(key);
      decoded.remove(key);
    }
    changed.forEach((key, state) -> inner.put(key, codec.encode(state)));
  }

  @Override
  public void flushCache() {
    for (String key : dirty) {
      inner.put(key, codec.encode(decoded.get(key)));
    }
    dirty.clear();
  }

  @Override
  public void clearCache() {
    decoded.clear();
    dirty.clear();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<String, S> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
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
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return inner.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
