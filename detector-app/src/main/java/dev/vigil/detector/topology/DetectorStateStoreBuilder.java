package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link DetectorStateStore} over a string-keyed, changelogged store of encoded states.
 * The inner store has no record cache of its own: the decoded states are the cache, and the inner
 * store only sees one write per changed key per commit.
 *
 * <p>The store it builds hands its changed states to the inner store at commit through a hook of
 * Kafka Streams' internals: see "Relying on Kafka internals" on {@link DetectorStateStore}. {@code
 * DetectorStateStoreCommitHookTest} and {@code DetectorStateStoreCommitHookIT} build their store
 * with this builder.
 */
final class DetectorStateStoreBuilder implements StoreBuilder<DetectorStateStore> {

  private final StoreBuilder<KeyValueStore<String, byte[]>> inner;
  private final int capacity;
  private final List<Detector<?>> detectors;

  DetectorStateStoreBuilder(KeyValueBytesStoreSupplier supplier, int capacity) {
    this(supplier, capacity, List.of());
  }

  DetectorStateStoreBuilder(
      KeyValueBytesStoreSupplier supplier, int capacity, List<Detector<?>> detectors) {
    this.detectors = detectors;
    this.inner =
        Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled();
    this.capacity = capacity;
  }

  @Override
  public DetectorStateStore build() {
    return new DetectorStateStore(inner.build(), capacity, detectors);
  }

  /** Caching is what this store does; Streams' own byte cache would only add a copy. */
  @Override
  public StoreBuilder<DetectorStateStore> withCachingEnabled() {
    return this;
  }

  @Override
  public StoreBuilder<DetectorStateStore> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<DetectorStateStore> withLoggingEnabled(Map<String, String> config) {
    inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<DetectorStateStore> withLoggingDisabled() {
    inner.withLoggingDisabled();
    return this;
  }

  @Override
  public Map<String, String> logConfig() {
    return inner.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return inner.loggingEnabled();
  }

  @Override
  public String name() {
    return inner.name();
  }
}
