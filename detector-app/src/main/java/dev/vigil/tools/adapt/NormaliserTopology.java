package dev.vigil.tools.adapt;

import dev.vigil.adapters.SourceAdapter;
import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * Raw vendor topics ({@code raw.cloudtrail}, one per source) normalised into the detector's input
 * topics: stateless, one processor per source, every output written in the same exactly-once
 * transaction as the input offset it came from.
 */
public final class NormaliserTopology {

  private NormaliserTopology() {}

  public static Topology build(
      List<SourceAdapter> adapters,
      VigilTopics topics,
      TopologySerdes serdes,
      AdapterMetrics metrics) {
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
    topology.addSink(
        NormaliseProcessor.AUTH_SINK,
        topics.authEvents(),
        new StringSerializer(),
        valueSerializer(serdes.auth().serializer()),
        processors);
    topology.addSink(
        NormaliseProcessor.TOKEN_SINK,
        topics.tokenEvents(),
        new StringSerializer(),
        valueSerializer(serdes.tokenUse().serializer()),
        processors);
    topology.addSink(
        NormaliseProcessor.DEAD_LETTER_SINK,
        topics.deadLetters(),
        new StringSerializer(),
        valueSerializer(new ByteArraySerializer()),
        processors);
    return topology;
  }

  /** The processor forwards Object values; each sink knows the one type it receives. */
  @SuppressWarnings("unchecked")
  private static <T> Serializer<Object> valueSerializer(Serializer<T> serializer) {
    return (Serializer<Object>) serializer;
  }
}
