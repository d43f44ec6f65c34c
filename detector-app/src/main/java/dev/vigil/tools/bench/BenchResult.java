package dev.vigil.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything one bench run measured, written as one JSON object. */
record BenchResult(
    long events,
    int identities,
    double passthroughEventsPerSec,
    double detectorEventsPerSec,
    long detectorLateEvents,
    LiveSession.Step latency,
    LiveCapacity.Result live,
    ScaleOutReport scaleOut,
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
    root.put("latency_p50_ms", latency.percentileMs(50));
    root.put("latency_p99_ms", latency.percentileMs(99));
    if (live != null) {
      root.put("live_capacity_passthrough_eps", round(live.capacity(LiveCapacity.PASSTHROUGH)));
      root.put("live_capacity_detector_eps", round(live.capacity(LiveCapacity.DETECTOR)));
      root.put("live_capacity_ratio", Math.round(live.ratio() * 1000) / 1000.0);
      put(root, "latency_p50_ms_at_half_capacity", live.atHalfMs(LiveCapacity.DETECTOR, 50));
      put(root, "latency_p99_ms_at_half_capacity", live.atHalfMs(LiveCapacity.DETECTOR, 99));
      put(
          root,
          "passthrough_latency_p50_ms_at_half_capacity",
          live.atHalfMs(LiveCapacity.PASSTHROUGH, 50));
      put(
          root,
          "passthrough_latency_p99_ms_at_half_capacity",
          live.atHalfMs(LiveCapacity.PASSTHROUGH, 99));
    }
    if (scaleOut != null) {
      scaleOut.headline(root);
    }
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
    lat.put("events", latency.events());
    lat.put("probes", latency.probes());
    lat.put("probes_answered", latency.answered());
    lat.put(
        "note",
        "the detector alone at one offered rate (probes' two events each included); unanswered"
            + " probes count at the time waited (a lower bound), so percentiles are lower bounds"
            + " when probes_answered < probes");
    lat.put("latency_max_ms", latency.maxMs());
    lat.put("latency_p90_ms", latency.percentileMs(90));
    // CPU per event of the detector at this rate is cores.app / achieved_events_per_sec.
    latency.cores().forEach(lat.putObject("cores")::put);
    if (live != null) {
      liveCapacity(root.putObject("live_capacity"));
    }
    if (scaleOut != null) {
      scaleOut.detail(root.putObject("scale_out"));
    }
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
    ArrayNode goals = root.putArray("targets");
    for (Target t : targets()) {
      ObjectNode g = goals.addObject();
      g.put("figure", t.figure());
      g.put("target", t.comparison() + " " + trim(t.threshold()));
      put(g, "measured", t.measured());
      g.put("met", t.met());
    }
    ObjectNode m = root.putObject("machine");
    machine.forEach(m::put);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the bench result", e);
    }
  }

  /** A target of issue 14, printed by bench rather than asserted by a timed test. */
  record Target(String figure, String comparison, double threshold, double measured) {
    boolean met() {
      if (Double.isNaN(measured)) {
        return false;
      }
      return comparison.equals(">=") ? measured >= threshold : measured <= threshold;
    }
  }

  List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    if (live != null) {
      targets.add(new Target("live_capacity_ratio", ">=", 0.8, live.ratio()));
      targets.add(
          new Target(
              "latency_p99_ms_at_half_capacity",
              "<=",
              250,
              live.atHalfMs(LiveCapacity.DETECTOR, 99)));
    }
    targets.add(new Target("ratio", ">=", 0.7, ratio()));
    targets.add(new Target("state_bytes_per_identity", "<=", 2048, state.bytesPerIdentity()));
    return targets;
  }

  /** The targets as lines for a person. */
  String targetsText() {
    StringBuilder text = new StringBuilder();
    for (Target t : targets()) {
      text.append(
          String.format(
              Locale.ROOT,
              "target %-32s %s %-6s measured %-10s %s%n",
              t.figure(),
              t.comparison(),
              trim(t.threshold()),
              Double.isNaN(t.measured()) ? "n/a" : trim(Math.round(t.measured() * 1000) / 1000.0),
              t.met() ? "met" : "MISSED"));
    }
    return text.toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private void liveCapacity(ObjectNode node) {
    LiveCapacity.Settings s = live.settings();
    node.put(
        "method",
        "highest steady offered rate (events/s, probe events included) whose p99 event-to-answer"
            + " latency is within the objective: a doubling from start_rate_eps, then a bisection;"
            + " each step offers its rate for step_seconds after the app has caught up; a step stops"
            + " early once more than 1% of its probes are over the objective. Each app and repeat has"
            + " its own topics and application id, a warm-up (a backlog, then live traffic) that is"
            + " not measured, and the same traffic and probes. The detector's answer is the probe's"
            + " alert, the passthrough's the probe's use event copied to its output, both read back"
            + " read_committed. Figures are medians over repeats. Cores are CPU seconds per second:"
            + " app, broker and harness from Java thread CPU time by thread name, jit and gc from"
            + " /proc for the JVM's native threads, other_jvm the rest of the process, machine all"
            + " cores busy, other_processes machine minus this process.");
    node.put("latency_objective_ms", s.objective().toMillis());
    node.put("step_seconds", s.stepDuration().toMillis() / 1000.0);
    node.put("warm_up_events", s.warmUpEvents());
    node.put("warm_up_live_seconds", s.warmUpLive().toMillis() / 1000.0);
    node.put("warm_up_live_eps", s.startRate());
    node.put("repeats", s.repeats());
    node.put("probes_per_second", s.probesPerSecond());
    node.put("start_rate_eps", s.startRate());
    node.put("max_rate_eps", s.maxRate());
    node.put("search_precision", s.precision());
    node.put("half_capacity_eps", round(live.halfRate()));
    appSummary(node.putObject(LiveCapacity.PASSTHROUGH), LiveCapacity.PASSTHROUGH);
    appSummary(node.putObject(LiveCapacity.DETECTOR), LiveCapacity.DETECTOR);
  }

  private void appSummary(ObjectNode node, String app) {
    List<LiveCapacity.AppRun> runs = live.runs(app);
    node.put("capacity_eps", round(live.capacity(app)));
    ArrayNode capacities = node.putArray("capacities_eps");
    runs.forEach(r -> capacities.add(r.capacity()));
    node.put("capacity_is_lower_bound", runs.stream().anyMatch(r -> r.search().lowerBound()));
    ObjectNode half = node.putObject("latency_at_half_capacity");
    for (double p : new double[] {50, 90, 99}) {
      put(half, "p" + (int) p + "_ms", live.atHalfMs(app, p));
    }
    List<LiveCapacity.AppRun> withHalf = runs.stream().filter(r -> r.atHalf() != null).toList();
    put(half, "max_ms", LiveCapacity.Result.median(withHalf, r -> r.atHalf().maxMs()));
    cores(node.putObject("cores_at_half_capacity"), withHalf, r -> r.atHalf().cores());
    List<LiveCapacity.AppRun> withCapacity =
        runs.stream().filter(r -> r.atCapacity() != null).toList();
    cores(node.putObject("cores_at_capacity"), withCapacity, r -> r.atCapacity().cores());
    put(
        node,
        "events_per_sec_per_app_core_at_capacity",
        LiveCapacity.Result.median(
            withCapacity, r -> perCore(r.capacity(), r.atCapacity().cores().get(CoreUsage.APP))));
    put(
        node,
        "events_per_sec_per_app_and_broker_core_at_capacity",
        LiveCapacity.Result.median(
            withCapacity,
            r ->
                perCore(
                    r.capacity(),
                    r.atCapacity().cores().get(CoreUsage.APP)
                        + r.atCapacity().cores().get(CoreUsage.BROKER))));
    put(
        node,
        "events_per_sec_per_process_core_at_capacity",
        LiveCapacity.Result.median(
            withCapacity,
            r -> perCore(r.capacity(), r.atCapacity().cores().get(CoreUsage.PROCESS))));
    ArrayNode list = node.putArray("runs");
    for (LiveCapacity.AppRun run : runs) {
      ObjectNode r = list.addObject();
      r.put("repeat", run.repeat());
      r.put("capacity_eps", run.capacity());
      r.put("lower_bound", run.search().lowerBound());
      r.put("abandoned", run.search().abandoned());
      r.put("warm_up_backlog_eps", round(run.warmUpBacklogEventsPerSec()));
      r.put("load_average_1m_before", run.loadBefore());
      r.put("load_average_1m_after", run.loadAfter());
      if (run.atHalf() != null) {
        step(r.putObject("half_capacity"), run.halfRate(), run.atHalf(), null);
      }
      ArrayNode steps = r.putArray("steps");
      for (LiveCapacity.Tried t : run.steps()) {
        step(steps.addObject(), t.rate(), t.step(), t.pass() ? "within" : "over");
      }
    }
  }

  static void step(ObjectNode node, int rate, LiveSession.Step step, String verdict) {
    node.put("offered_eps", rate);
    node.put("achieved_eps", round(step.achievedRate()));
    node.put("p50_ms", step.percentileMs(50));
    node.put("p90_ms", step.percentileMs(90));
    node.put("p99_ms", step.percentileMs(99));
    node.put("max_ms", step.maxMs());
    node.put("probes", step.probes());
    node.put("probes_answered", step.answered());
    node.put("probes_over_objective", step.overObjective());
    node.put("duplicate_answers", step.duplicates());
    node.put("stopped_early", step.aborted());
    node.put("harness_short", step.harnessLimited());
    if (verdict != null) {
      node.put("verdict", verdict);
    }
    ObjectNode cores = node.putObject("cores");
    step.cores().forEach(cores::put);
  }

  private static void cores(
      ObjectNode node,
      List<LiveCapacity.AppRun> runs,
      java.util.function.Function<LiveCapacity.AppRun, Map<String, Double>> of) {
    for (String group : CoreUsage.GROUPS) {
      put(
          node,
          group,
          Math.round(LiveCapacity.Result.median(runs, r -> of.apply(r).get(group)) * 1000)
              / 1000.0);
    }
  }

  private static double perCore(double eps, double cores) {
    return cores > 0 ? eps / cores : Double.NaN;
  }

  /** JSON has no NaN: an unmeasured figure is null. */
  private static void put(ObjectNode node, String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(field);
    } else {
      node.put(field, Math.round(value * 1000) / 1000.0);
    }
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
