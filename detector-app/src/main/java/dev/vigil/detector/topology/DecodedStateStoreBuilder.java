package dev.vigil.detector.topology;

import dev.vigil.detector.StateCodec;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link DecodedStateStore} over a string-keyed, changelogged store of encoded states.
 * The inner store has no record cache of its own: the decoded states are the cache, and the inner
 * store only sees one write per dirty key per commit.
 */
final class DecodedStateStoreBuilder<S> implements StoreBuilder<DecodedStateStore<S>> {

  private final StoreBuilder<org.apache.kafka.streams.state.KeyValueStore<String, byte[]>> inner;
  private final StateCodec<S> codec;
  private final int capacity;

  DecodedStateStoreBuilder(KeyValueBytesStoreSupplier supplier, StateCodec<S> codec, int capacity) {
    this.inner = Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray()).withCachingDisabled();
    this.codec = codec;
    this.capacity = capacity;
  }

  @Override
  public DecodedStateStore<S> build() {
    return new DecodedStateStore<>(inner.build(), codec, capacity);
  }

  /** Caching is what this store does; Streams' own byte cache would only add a copy. */
  @Override
  public StoreBuilder<DecodedStateStore<S>> withCachingEnabled() {
    return this;
  }

  @Override
  public StoreBuilder<DecodedStateStore<S>> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<DecodedStateStore<S>> withLoggingEnabled(Map<String, String> config) {
    inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<DecodedStateStore<S>> withLoggingDisabled() {
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
