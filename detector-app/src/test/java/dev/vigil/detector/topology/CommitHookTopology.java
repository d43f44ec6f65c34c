package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.StateCodec;
import dev.vigil.rules.RulePack;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The smallest topology that keeps state the way {@link DetectionProcessor} does: a processor that
 * counts events per key in a {@link DetectorStateStore} slice ({@code get}, change, {@code put},
 * never a write of its own) and forwards the count. The store is built by the production {@link
 * DetectorStateStoreBuilder}, over an inner store that records every write that reaches it and from
 * where it was called, so a test can tell whether states reached the changelogged store only
 * through Kafka calling {@link DetectorStateStore#flushCache()} at commit.
 *
 * <p>Used by {@code DetectorStateStoreCommitHookTest} (TopologyTestDriver) and {@code
 * DetectorStateStoreCommitHookIT} (a real broker, exactly-once).
 */
final class CommitHookTopology {

  static final String SOURCE_TOPIC = "hook-events";
  static final String OUTPUT_TOPIC = "hook-counts";
  static final String STORE = "hook-detector-state";

  /** Detector name {@code counting} → state keys under {@code c:}. */
  static final CountingDetector DETECTOR = new CountingDetector();

  /** One write that reached the inner (changelogged) store, with the call stack that made it. */
  record Write(String key, List<StackWalker.StackFrame> stack) {

    /** The first frame outside Vigil's store that called {@code DetectorStateStore.flushCache}. */
    StackWalker.StackFrame flushCacheCaller() {
      for (int i = 0; i < stack.size() - 1; i++) {
        StackWalker.StackFrame frame = stack.get(i);
        if (frame.getClassName().equals(DetectorStateStore.class.getName())
            && frame.getMethodName().equals("flushCache")) {
          return stack.get(i + 1);
        }
      }
      return null;
    }

    /** The stack as {@code Class.method} lines, for failure messages. */
    String describe() {
      return stack.stream()
          .map(f -> "  " + f.getClassName() + "." + f.getMethodName())
          .collect(Collectors.joining("\n"));
    }
  }

  /** Every write to the inner store since the last {@link #clear()}, across all tasks. */
  static final List<Write> WRITES = new CopyOnWriteArrayList<>();

  /** Writes that happened while the processor was inside {@code process}: there must be none. */
  static final List<Write> WRITES_DURING_PROCESS = new CopyOnWriteArrayList<>();

  private CommitHookTopology() {}

  static void clear() {
    WRITES.clear();
    WRITES_DURING_PROCESS.clear();
  }

  /** Source → counting processor over the detector store (changelogged) → sink. */
  static Topology build(StoreKind inner) {
    Topology topology = new Topology();
    topology.addSource(
        "events", Serdes.String().deserializer(), Serdes.String().deserializer(), SOURCE_TOPIC);
    topology.addProcessor("count", CountingProcessor::new, "events");
    topology.addStateStore(
        new DetectorStateStoreBuilder(new RecordingSupplier(inner.supplier(STORE)), 1_000),
        "count");
    topology.addSink(
        "counts",
        OUTPUT_TOPIC,
        Serdes.String().serializer(),
        Serdes.Integer().serializer(),
        "count");
    return topology;
  }

  /** The count a changelog value holds. */
  static int count(byte[] encodedState) {
    return DETECTOR.codec().decode(encodedState).count;
  }

  /** The stored (and changelog) key of {@code key}'s state. */
  static String stateKey(String key) {
    return StateKeys.key(DETECTOR.name(), key);
  }

  /** Counts events per key exactly as detectors keep state: through the slice, never directly. */
  static final class CountingProcessor implements Processor<String, String, String, Integer> {

    private ProcessorContext<String, Integer> context;
    private DetectorStateStore.Slice<Counter> counts;

    @Override
    public void init(ProcessorContext<String, Integer> context) {
      this.context = context;
      DetectorStateStore store = context.getStateStore(STORE);
      counts = store.slice(DETECTOR);
    }

    @Override
    public void process(Record<String, String> record) {
      int writesBefore = WRITES.size();
      Counter counter = counts.get(record.key());
      if (counter == null) {
        counter = DETECTOR.newState();
      }
      counter.count++;
      counter.last = Instant.ofEpochMilli(record.timestamp());
      counts.put(record.key(), counter);
      if (WRITES.size() != writesBefore) {
        WRITES_DURING_PROCESS.addAll(WRITES.subList(writesBefore, WRITES.size()));
      }
      context.forward(new Record<>(record.key(), counter.count, record.timestamp()));
    }
  }

  static final class Counter {
    int count;
    Instant last = Instant.EPOCH;
  }

  /** A detector only in name and codec: the slice needs nothing else. */
  static final class CountingDetector implements Detector<Counter> {

    @Override
    public String name() {
      return "counting";
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
      throw new UnsupportedOperationException("the processor counts by itself");
    }

    @Override
    public boolean isExpired(Counter state, Instant streamTime, RulePack pack) {
      return false;
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

  /** Supplies the inner store wrapped in {@link RecordingStore}. */
  private record RecordingSupplier(KeyValueBytesStoreSupplier delegate)
      implements KeyValueBytesStoreSupplier {

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public KeyValueStore<Bytes, byte[]> get() {
      return new RecordingStore(delegate.get());
    }

    @Override
    public String metricsScope() {
      return delegate.metricsScope();
    }
  }

  /**
   * Passes everything to the real store and records each write with its call stack. Restoration
   * from the changelog goes through the callback the real store registers, not through here.
   */
  private static final class RecordingStore implements KeyValueStore<Bytes, byte[]> {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final KeyValueStore<Bytes, byte[]> inner;

    RecordingStore(KeyValueStore<Bytes, byte[]> inner) {
      this.inner = inner;
    }

    private static void record(Bytes key) {
      List<StackWalker.StackFrame> stack =
          WALKER.walk(frames -> frames.collect(Collectors.toCollection(ArrayList::new)));
      WRITES.add(new Write(new String(key.get(), java.nio.charset.StandardCharsets.UTF_8), stack));
    }

    @Override
    public void put(Bytes key, byte[] value) {
      record(key);
      inner.put(key, value);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
      record(key);
      return inner.putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
      entries.forEach(e -> record(e.key));
      inner.putAll(entries);
    }

    @Override
    public byte[] delete(Bytes key) {
      record(key);
      return inner.delete(key);
    }

    @Override
    public byte[] get(Bytes key) {
      return inner.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
      return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
      return inner.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
      return inner.reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P>
        KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
      return inner.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
      return inner.approximateNumEntries();
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      inner.init(context, root);
    }

    @SuppressWarnings("deprecation")
    @Override
    public void flush() {
      inner.flush();
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
    public boolean managesOffsets() {
      return inner.managesOffsets();
    }

    @Override
    public long approximateNumUncommittedBytes() {
      return inner.approximateNumUncommittedBytes();
    }

    @Override
    public void close() {
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
    public <R> QueryResult<R> query(
        Query<R> query, PositionBound positionBound, QueryConfig config) {
      return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
      return inner.getPosition();
    }
  }
}
