package dev.vigil.tools.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** The scale-out measurement as bench's JSON fields and as lines for a person. */
final class ScaleOutReport {

  private final ScaleOut.Result result;
  private final LiveCapacity.Settings settings;

  ScaleOutReport(ScaleOut.Result result, LiveCapacity.Settings settings) {
    this.result = result;
    this.settings = settings;
  }

  /** The headline figures, at the top level next to the other headline figures. */
  void headline(ObjectNode root) {
    root.put("scale_out_partitions", result.partitions());
    root.put("scale_out_one_instance_capacity_eps", result.one().capacity());
    root.put("scale_out_two_instances_capacity_eps", result.two().capacity());
    root.put("scale_out_capacity_ratio", Math.round(result.ratio() * 1000) / 1000.0);
    RebalanceStep.Result r = result.rebalance();
    root.put("rebalance_rate_eps", r.rate());
    spikeHeadline(root, "rebalance_join_", r.join());
    spikeHeadline(root, "rebalance_leave_", r.leave());
    root.put("rebalance_probes", r.step().probes());
    root.put("rebalance_probes_lost", r.lost());
    root.put("rebalance_duplicate_answers", r.step().duplicates());
  }

  private static void spikeHeadline(ObjectNode root, String prefix, LatencyTimeline.Spike s) {
    root.put(prefix + "max_p99_ms", s.maxP99Ms());
    root.put(prefix + "recovery_seconds", s.recoverySeconds());
    root.put(prefix + "recovered", s.recovered());
    root.put(prefix + "seconds_over_objective", s.secondsOver());
  }

  /** Everything behind the headline. */
  void detail(ObjectNode node) {
    node.put(
        "method",
        "the detector (DetectorApp.start, exactly-once, the default pack) with one instance and"
            + " with two instances of one application id in this JVM (each its own state directory"
            + " and Kafka Streams, client ids <app>-instance-N), every topic with `partitions`"
            + " partitions, each app its own topics, warm-up and capacity search as live_capacity."
            + " The two instances start before the warm-up backlog is written, so the first"
            + " assignment splits the tasks. Rebalance: on the warm one-instance app, after its"
            + " search, a steady rate of half its capacity; after step_seconds a second instance"
            + " joins; once both hold as many active tasks, within one (or the join timeout"
            + " passes), and step_seconds more, it closes gracefully (leaves the group); step_seconds"
            + " after the first holds every task again the load stops and every probe is waited for"
            + " up to 60 s. Spikes: probes by send time in 1-s buckets, the worst bucket's p99, and"
            + " the time from the event to the end of the last bucket over the objective (and the"
            + " seconds over it in all). A lost"
            + " probe was never answered; a duplicate is an alert id read twice (read_committed).");
    node.put("partitions", result.partitions());
    node.put("probing_rebalance_interval_ms", result.probingMs());
    node.put("latency_objective_ms", settings.objective().toMillis());
    node.put("load_average_1m_before", result.loadBefore());
    node.put("load_average_1m_after", result.loadAfter());
    capacity(node.putObject("one_instance"), result.one());
    capacity(node.putObject("two_instances"), result.two());
    rebalance(node.putObject("rebalance"), result.rebalance());
  }

  private static void capacity(ObjectNode node, ScaleOut.Capacity c) {
    node.put("instances", c.instances());
    node.put("capacity_eps", c.capacity());
    node.put("lower_bound", c.search().lowerBound());
    node.put("abandoned", c.search().abandoned());
    tasks(node.putArray("tasks_at_start"), c.tasksAtStart());
    tasks(node.putArray("tasks_at_end"), c.tasksAtEnd());
    LiveCapacity.Tried at = c.atCapacity();
    if (at != null) {
      ObjectNode cores = node.putObject("cores_at_capacity");
      at.step().cores().forEach(cores::put);
    }
    ArrayNode steps = node.putArray("steps");
    for (LiveCapacity.Tried t : c.steps()) {
      BenchResult.step(steps.addObject(), t.rate(), t.step(), t.pass() ? "within" : "over");
    }
  }

  private static void tasks(ArrayNode array, List<DetectorInstance.Tasks> tasks) {
    for (DetectorInstance.Tasks t : tasks) {
      ObjectNode o = array.addObject();
      o.put("active", t.active());
      o.put("standby", t.standby());
    }
  }

  private static void rebalance(ObjectNode node, RebalanceStep.Result r) {
    node.put("rate_eps", r.rate());
    node.put("tasks", r.tasks());
    node.put("join_at_seconds", r.joinAtSeconds());
    node.put("leave_at_seconds", r.leaveAtSeconds());
    node.put("end_at_seconds", r.endAtSeconds());
    node.put("second_instance_active_after_seconds", round1(r.secondActiveAfterSeconds()));
    node.put("join_settled_after_seconds", round1(r.joinSettledAfterSeconds()));
    node.put("close_seconds", round1(r.closeSeconds()));
    node.put("leave_settled_after_seconds", round1(r.leaveSettledAfterSeconds()));
    node.put("probes", r.step().probes());
    node.put("probes_answered", r.step().answered());
    node.put("probes_lost", r.lost());
    node.put("duplicate_answers", r.step().duplicates());
    node.put("achieved_eps", Math.round(r.step().achievedRate()));
    spike(node.putObject("before_join"), r.before());
    spike(node.putObject("join"), r.join());
    spike(node.putObject("leave"), r.leave());
    ObjectNode phases = node.putObject("cores_by_phase");
    r.phases()
        .forEach(
            (phase, cores) -> {
              ObjectNode p = phases.putObject(phase);
              cores.forEach(p::put);
            });
    ArrayNode timeline = node.putArray("timeline");
    int a = 0;
    for (LatencyTimeline.Bucket b : r.timeline()) {
      ObjectNode o = timeline.addObject();
      o.put("t_seconds", Math.round(b.startSeconds() * 10) / 10.0);
      o.put("probes", b.probes());
      o.put("lost", b.lost());
      o.put("p50_ms", b.p50Ms());
      o.put("p99_ms", b.p99Ms());
      o.put("max_ms", b.maxMs());
      // The last sample of the tasks taken before the bucket ended.
      while (a + 1 < r.assignments().size()
          && r.assignments().get(a + 1).atSeconds() <= b.startSeconds() + 1) {
        a++;
      }
      if (!r.assignments().isEmpty()) {
        RebalanceStep.Assignment s = r.assignments().get(a);
        o.put("instance_1_active", s.first().active());
        o.put("instance_1_standby", s.first().standby());
        o.put("instance_2_active", s.second().active());
        o.put("instance_2_standby", s.second().standby());
      }
    }
  }

  private static void spike(ObjectNode node, LatencyTimeline.Spike s) {
    node.put("probes", s.probes());
    node.put("lost", s.lost());
    node.put("max_p99_ms", s.maxP99Ms());
    node.put("max_ms", s.maxMs());
    node.put("recovery_seconds", s.recoverySeconds());
    node.put("recovered", s.recovered());
    node.put("seconds_over_objective", s.secondsOver());
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** The figures as lines for a person. */
  String text() {
    StringBuilder t = new StringBuilder();
    long objective = settings.objective().toMillis();
    line(
        t,
        "scale-out at %d partitions, p99 <= %d ms: one instance %,d events/s, two instances %,d"
            + " events/s (x%.2f)",
        result.partitions(),
        objective,
        result.one().capacity(),
        result.two().capacity(),
        result.ratio());
    for (LiveCapacity.Tried one : result.one().steps()) {
      result.two().steps().stream()
          .filter(two -> two.rate() == one.rate())
          .reduce((x, y) -> y)
          .ifPresent(
              two ->
                  line(
                      t,
                      "  at %,d events/s: p50/p99 one %,.0f/%s%,.0f ms, two %,.0f/%s%,.0f ms",
                      one.rate(),
                      one.step().percentileMs(50),
                      one.step().aborted() ? ">" : "",
                      one.step().percentileMs(99),
                      two.step().percentileMs(50),
                      two.step().aborted() ? ">" : "",
                      two.step().percentileMs(99)));
    }
    RebalanceStep.Result r = result.rebalance();
    line(
        t,
        "rebalance at %,d events/s (%d tasks): before, p99 max %,.0f ms per second;",
        r.rate(),
        r.tasks(),
        r.before().maxP99Ms());
    line(
        t,
        "  join: p99 max %,.0f ms, %.0f s over %d ms, within it again %s (second instance active"
            + " after %s s, settled after %s s)",
        r.join().maxP99Ms(),
        r.join().secondsOver(),
        objective,
        recovery(r.join()),
        seconds(r.secondActiveAfterSeconds()),
        seconds(r.joinSettledAfterSeconds()));
    line(
        t,
        "  leave: p99 max %,.0f ms, %.0f s over %d ms, within it again %s (close %.1f s, first"
            + " instance held every task again after %s s)",
        r.leave().maxP99Ms(),
        r.leave().secondsOver(),
        objective,
        recovery(r.leave()),
        r.closeSeconds(),
        seconds(r.leaveSettledAfterSeconds()));
    line(
        t,
        "  probes: %,d sent, %d lost, %d duplicated",
        r.step().probes(),
        r.lost(),
        r.step().duplicates());
    r.phases()
        .forEach(
            (phase, cores) ->
                line(
                    t,
                    "  cores %-12s instance 1 %.2f, instance 2 %.2f, app %.2f, broker %.2f,"
                        + " harness %.2f, other processes %.2f",
                    phase,
                    cores.getOrDefault("app_instance_1", 0.0),
                    cores.getOrDefault("app_instance_2", 0.0),
                    cores.get(CoreUsage.APP),
                    cores.get(CoreUsage.BROKER),
                    cores.get(CoreUsage.HARNESS),
                    cores.get(CoreUsage.OTHER_PROCESSES)));
    return t.toString();
  }

  private static String recovery(LatencyTimeline.Spike s) {
    if (s.recoverySeconds() == 0) {
      return "throughout";
    }
    return String.format(
        Locale.ROOT,
        s.recovered() ? "after %.0f s" : "not before the phase ended (%.0f s)",
        s.recoverySeconds());
  }

  private static String seconds(double s) {
    return s < 0 ? "never" : String.format(Locale.ROOT, "%.1f", s);
  }

  private static void line(StringBuilder t, String format, Object... args) {
    t.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
