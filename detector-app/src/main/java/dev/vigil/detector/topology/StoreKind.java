package dev.vigil.detector.topology;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Where the detectors' state lives. A running detector keeps it in RocksDB, changelogged, so it
 * survives restarts and outgrows memory; a one-shot replay of a file keeps it in memory, where it
 * is thrown away at the end anyway and RocksDB's per-record writes would dominate the run.
 */
public enum StoreKind {
  PERSISTENT,
  IN_MEMORY;

  KeyValueBytesStoreSupplier supplier(String name) {
    return this == PERSISTENT
        ? Stores.persistentKeyValueStore(name)
        : Stores.inMemoryKeyValueStore(name);
  }
}
