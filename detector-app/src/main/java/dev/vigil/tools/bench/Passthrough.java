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
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            topics.authEvents(), Consumed.with(Serdes.String(), serdes.auth()).withName("auth-in"))
        .to(AUTH_OUTPUT, Produced.with(Serdes.String(), serdes.auth()).withName("auth-out"));
    builder.stream(
            topics.tokenEvents(),
            Consumed.with(Serdes.String(), serdes.tokenUse()).withName("uses-in"))
        .to(USES_OUTPUT, Produced.with(Serdes.String(), serdes.tokenUse()).withName("uses-out"));
    return builder.build(new java.util.Properties());
  }
}
