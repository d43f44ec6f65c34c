package dev.vigil.detector.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The store under a {@link DetectorStateStore} in tests: in memory, without a changelog, already
 * initialized, standing for what the changelogged store holds once committed.
 */
final class CommittedStores {

  private CommittedStores() {}

  static KeyValueStore<String, byte[]> inMemory(String name) {
    MockProcessorContext<String, Object> owner = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(owner.getStateStoreContext(), store);
    return store;
  }
}
