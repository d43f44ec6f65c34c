package dev.vigil.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Everything one bench run measured, written as one JSON object. */
record BenchResult(
    long events,
    int identities,
    double passthroughEventsPerSec,
    double detectorEventsPerSec,
    long detectorLateEvents,
    LatencyProbe.Result latency,
    StateFootprint.Result state,
    long topologyOnlyEvents,
    double topologyOnlyEventsPerSec,
    Map<String, String> machine) {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  double ratio() {
    return detectorEventsPerSec / passthroughEventsPerSec;
  }

  String json() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("passthrough_events_per_sec", round(passthroughEventsPerSec));
    root.put("detector_events_per_sec", round(detectorEventsPerSec));
    root.put("ratio", Math.round(ratio() * 1000) / 1000.0);
    root.put("latency_p50_ms", millis(latency.latencyMicros().getValueAtPercentile(50)));
    root.put("latency_p99_ms", millis(latency.latencyMicros().getValueAtPercentile(99)));
    root.put("state_bytes_per_identity", round(state.bytesPerIdentity()));
    root.put("topology_only_events_per_sec", round(topologyOnlyEventsPerSec));
    root.put("detector_logic_events_per_sec", round(state.logicEventsPerSecond()));
    ObjectNode throughput = root.putObject("throughput");
    throughput.put("events", events);
    throughput.put("identities", identities);
    throughput.put("detector_late_events", detectorLateEvents);
    throughput.put(
        "note",
        "late events were dead-lettered, not judged: a throughput figure with any is suspect");
    ObjectNode lat = root.putObject("latency");
    lat.put("offered_events_per_sec", round(latency.offeredRate()));
    lat.put("achieved_events_per_sec", round(latency.achievedRate()));
    lat.put("background_events", latency.backgroundEvents());
    lat.put("probes", latency.probes());
    lat.put("probes_answered", latency.answered());
    lat.put(
        "note",
        "unanswered probes count at the time waited (a lower bound), so percentiles are lower bounds"
            + " when probes_answered < probes");
    lat.put("latency_max_ms", millis(latency.latencyMicros().getMaxValue()));
    lat.put("latency_p90_ms", millis(latency.latencyMicros().getValueAtPercentile(90)));
    ObjectNode st = root.putObject("state");
    st.put(
        "method",
        "each detector's pure logic over a simulated day, per-key state encoded with its StateCodec;"
            + " bytes = key + encoded value, before RocksDB overhead and compression");
    st.put("events", state.events());
    st.put("identities", state.identities());
    st.put("bytes", state.bytes());
    ObjectNode byStore = st.putObject("bytes_by_detector");
    state.bytesByStore().forEach(byStore::put);
    ObjectNode keys = st.putObject("keys_by_detector");
    state.keysByStore().forEach(keys::put);
    root.put("topology_only_events", topologyOnlyEvents);
    ObjectNode m = root.putObject("machine");
    machine.forEach(m::put);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the bench result", e);
    }
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double millis(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }
}
