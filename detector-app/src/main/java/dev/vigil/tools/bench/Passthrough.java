package dev.vigil.tools.bench;

import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The ceiling Vigil is compared against: consume both event topics with the contract's serdes and
 * produce every event unchanged, decoded and re-encoded, no detection.
 */
final class Passthrough {

  static final String AUTH_OUTPUT = "vigil-bench.passthrough.auth";
  static final String USES_OUTPUT = "vigil-bench.passthrough.token-use";

  private Passthrough() {}

  static Topology topology(VigilTopics topics, TopologySerdes serdes) {
    return topology(topics, serdes, AUTH_OUTPUT, USES_OUTPUT);
  }

  /** The same, writing to the given output topics. */
  static Topology topology(
      VigilTopics topics, TopologySerdes serdes, String authOutput, String usesOutput) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            topics.authEvents(), Consumed.with(Serdes.String(), serdes.auth()).withName("auth-in"))
        .to(authOutput, Produced.with(Serdes.String(), serdes.auth()).withName("auth-out"));
    builder.stream(
            topics.tokenEvents(),
            Consumed.with(Serdes.String(), serdes.tokenUse()).withName("uses-in"))
        .to(usesOutput, Produced.with(Serdes.String(), serdes.tokenUse()).withName("uses-out"));
    return builder.build(new java.util.Properties());
  }
}
