package dev.vigil.detector.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic as Vigil reads or writes it: its name and the serdes of its keys and values, said in one
 * place ({@link Topics}), so no name and serde pair is repeated across the topology and the tools.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  /** Read by a source named {@code processor}. */
  public Consumed<K, V> consumed(String processor) {
    return Consumed.with(keySerde, valueSerde).withName(processor);
  }

  /** Written by a sink named {@code processor}. */
  public Produced<K, V> produced(String processor) {
    return Produced.with(keySerde, valueSerde).withName(processor);
  }

  /** A value in this topic's wire format. */
  public byte[] serialize(V value) {
    return valueSerde.serializer().serialize(name, value);
  }
}
