package dev.vigil.tools.adapt;

import dev.vigil.adapters.SourceAdapter;
import dev.vigil.detector.topology.Topic;
import dev.vigil.detector.topology.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;

/**
 * Raw vendor topics ({@code raw.cloudtrail}, one per source) normalised into the detector's input
 * topics: stateless, one processor per source, every output written in the same exactly-once
 * transaction as the input offset it came from.
 */
public final class NormaliserTopology {

  private NormaliserTopology() {}

  public static Topology build(
      List<SourceAdapter> adapters, Topics topics, AdapterMetrics metrics) {
    Topology topology = new Topology();
    String[] processors = new String[adapters.size()];
    for (int i = 0; i < adapters.size(); i++) {
      SourceAdapter adapter = adapters.get(i);
      String source = "raw-" + adapter.source();
      processors[i] = "normalise-" + adapter.source();
      metrics.registerSource(adapter.source());
      topology.addSource(
          source, new ByteArrayDeserializer(), new ByteArrayDeserializer(), adapter.rawTopic());
      topology.addProcessor(processors[i], () -> new NormaliseProcessor(adapter, metrics), source);
    }
    sink(topology, NormaliseProcessor.AUTH_SINK, topics.authEvents(), processors);
    sink(topology, NormaliseProcessor.TOKEN_SINK, topics.tokenEvents(), processors);
    sink(topology, NormaliseProcessor.DEAD_LETTER_SINK, topics.deadLetters(), processors);
    return topology;
  }

  /** The processor forwards Object values; each sink knows the one type it receives. */
  @SuppressWarnings("unchecked")
  private static <V> void sink(
      Topology topology, String name, Topic<String, V> topic, String... parents) {
    topology.addSink(
        name,
        topic.name(),
        topic.keySerde().serializer(),
        (Serializer<Object>) topic.valueSerde().serializer(),
        parents);
  }
}
