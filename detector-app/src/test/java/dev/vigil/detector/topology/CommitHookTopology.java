package dev.vigil.detector.topology;

import dev.vigil.detector.topology.CountingDetector.Counter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
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

  /** Supplies the inner store wrapped so that its writes are recorded. */
  private record RecordingSupplier(KeyValueBytesStoreSupplier delegate)
      implements KeyValueBytesStoreSupplier {

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public KeyValueStore<Bytes, byte[]> get() {
      return recording(delegate.get());
    }

    @Override
    public String metricsScope() {
      return delegate.metricsScope();
    }
  }

  /**
   * The store's methods that write: each call is recorded, with its stack, before it is passed on.
   */
  private static final Set<String> WRITES_BY_METHOD =
      Set.of("put", "putIfAbsent", "putAll", "delete");

  private static final StackWalker WALKER = StackWalker.getInstance();

  /**
   * {@code inner} behind a proxy that passes every call on and records each write first.
   * Restoration from the changelog goes through the callback the real store registers, not through
   * here.
   */
  @SuppressWarnings("unchecked")
  private static KeyValueStore<Bytes, byte[]> recording(KeyValueStore<Bytes, byte[]> inner) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (WRITES_BY_METHOD.contains(method.getName())) {
            if (args[0] instanceof List<?> entries) {
              entries.forEach(e -> record(((KeyValue<Bytes, byte[]>) e).key));
            } else {
              record((Bytes) args[0]);
            }
          }
          try {
            return method.invoke(inner, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (KeyValueStore<Bytes, byte[]>)
        Proxy.newProxyInstance(
            KeyValueStore.class.getClassLoader(), new Class<?>[] {KeyValueStore.class}, handler);
  }

  private static void record(Bytes key) {
    List<StackWalker.StackFrame> stack =
        WALKER.walk(frames -> frames.collect(Collectors.toCollection(ArrayList::new)));
    WRITES.add(new Write(new String(key.get(), StandardCharsets.UTF_8), stack));
  }
}
