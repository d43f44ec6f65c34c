package dev.vigil.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a rebalance costs: one step of steady load on one running instance, during which a second
 * instance of the same application joins and, once the tasks have moved and settled, leaves again
 * (a graceful close). The step's probes, by when they were sent, show the latency before, after the
 * join and after the leave; the instances' tasks are sampled throughout.
 */
final class RebalanceStep {

  /** How long answers are waited for after the load stops: a probe still out then is lost. */
  static final Duration ANSWER_WAIT = Duration.ofSeconds(60);

  private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** The tasks of both instances at one moment, seconds from the step's start. */
  record Assignment(
      double atSeconds, DetectorInstance.Tasks first, DetectorInstance.Tasks second) {}

  /**
   * @param phases cores per phase: before the join, from the join to the leave, after the leave
   * @param secondActiveAfterSeconds from the join until the second instance held an active task, or
   *     -1 if it never did
   * @param joinSettledAfterSeconds from the join until both held as many active tasks (within one),
   *     or -1 if that did not happen within the join timeout
   * @param leaveSettledAfterSeconds from the leave until the first instance held every task again
   * @param closeSeconds how long the second instance's graceful close took
   */
  record Result(
      int rate,
      LiveSession.Step step,
      double joinAtSeconds,
      double leaveAtSeconds,
      double endAtSeconds,
      LatencyTimeline.Spike before,
      LatencyTimeline.Spike join,
      LatencyTimeline.Spike leave,
      double secondActiveAfterSeconds,
      double joinSettledAfterSeconds,
      double leaveSettledAfterSeconds,
      double closeSeconds,
      int tasks,
      List<Assignment> assignments,
      List<LatencyTimeline.Bucket> timeline,
      Map<String, Map<String, Double>> phases) {

    int lost() {
      return step.probes() - step.answered();
    }
  }

  /** Width of the timeline's buckets: spikes are judged per second. */
  static final Duration BUCKET = Duration.ofSeconds(1);

  private final LiveSession session;
  private final String appId;
  private final DetectorInstance first;
  private final Supplier<DetectorInstance> second;
  private final Map<String, String> instanceThreads;
  private final LiveCapacity.Settings settings;
  private final Duration joinTimeout;
  private final LiveCapacity live;
  private final List<Assignment> assignments = new ArrayList<>();
  private DetectorInstance joined;
  private long origin;
  private long secondActiveAt = -1;

  /**
   * @param second starts the second instance
   * @param instanceThreads label → thread-name fragment of each instance, for cores
   * @param joinTimeout the longest the tasks may take to move to the second instance
   * @param live the live harness, for its progress log
   */
  RebalanceStep(
      LiveSession session,
      String appId,
      DetectorInstance first,
      Supplier<DetectorInstance> second,
      Map<String, String> instanceThreads,
      LiveCapacity.Settings settings,
      Duration joinTimeout,
      LiveCapacity live) {
    this.session = session;
    this.appId = appId;
    this.first = first;
    this.second = second;
    this.instanceThreads = instanceThreads;
    this.settings = settings;
    this.joinTimeout = joinTimeout;
    this.live = live;
  }

  /** Runs the step at {@code rate}; the second instance is closed when it returns. */
  Result run(int rate) throws InterruptedException {
    Duration settle = settings.stepDuration();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<LiveSession.Step> done = new AtomicReference<>();
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    // The load runs on its own thread (named as the harness's) while this one starts and stops
    // the second instance; its length is set by what happens, so its duration is only a bound.
    Thread load =
        new Thread(
            () -> {
              try {
                done.set(
                    session.step(
                        rate,
                        Duration.ofHours(1),
                        settings.probesPerSecond(),
                        null,
                        ANSWER_WAIT,
                        stop::get));
              } catch (RuntimeException e) {
                failed.set(e);
              }
            },
            "bench-rebalance-load");
    CoreUsage.Snapshot start = CoreUsage.take();
    origin = System.nanoTime();
    load.start();
    int tasks = first.tasks().active();
    try {
      watch(() -> false, settle, settle);
      long joinAt = System.nanoTime();
      CoreUsage.Snapshot atJoin = CoreUsage.take();
      live.progress(
          "rebalance at %,d events/s: a second instance joins (the first holds %d tasks)",
          rate, tasks);
      joined = second.get();
      long settled =
          watch(
              () -> {
                // Balanced, as Kafka's assignor leaves equal instances once warm-up replicas have
                // caught up and moved. (Standby tasks cannot tell: with num.standby.replicas they
                // stay.)
                int a = first.tasks().active();
                int b = joined.tasks().active();
                return first.running() && joined.running() && b > 0 && Math.abs(a - b) <= 1;
              },
              Duration.ZERO,
              joinTimeout);
      watch(() -> false, settle, settle);
      long leaveAt = System.nanoTime();
      CoreUsage.Snapshot atLeave = CoreUsage.take();
      DetectorInstance.Tasks split = joined.tasks();
      live.progress(
          "rebalance: the second instance %s; it leaves (graceful close)",
          settled < 0
              ? "had no even share of the tasks within " + joinTimeout.toSeconds() + " s"
              : String.format(
                  java.util.Locale.ROOT,
                  "held %d of %d tasks %.1f s after joining",
                  split.active(),
                  tasks,
                  (settled - joinAt) / 1e9));
      joined.close();
      long closed = System.nanoTime();
      long back =
          watch(
              () -> first.running() && first.tasks().active() >= tasks, Duration.ZERO, joinTimeout);
      watch(() -> false, settle, settle);
      stop.set(true);
      long endAt = System.nanoTime();
      CoreUsage.Snapshot end = CoreUsage.take();
      load.join();
      if (failed.get() != null) {
        throw failed.get();
      }
      LiveSession.Step step = done.get();
      List<LiveSession.ProbeTime> probes = step.probeTimes();
      Duration objective = settings.objective();
      Map<String, Map<String, Double>> phases = new LinkedHashMap<>();
      phases.put("one_instance", CoreUsage.between(start, atJoin, appId, instanceThreads));
      phases.put("after_join", CoreUsage.between(atJoin, atLeave, appId, instanceThreads));
      phases.put("after_leave", CoreUsage.between(atLeave, end, appId, instanceThreads));
      return new Result(
          rate,
          step,
          seconds(joinAt),
          seconds(leaveAt),
          seconds(endAt),
          LatencyTimeline.spike(probes, origin, joinAt, BUCKET, objective),
          LatencyTimeline.spike(probes, joinAt, leaveAt, BUCKET, objective),
          LatencyTimeline.spike(probes, leaveAt, endAt, BUCKET, objective),
          secondActiveAt < 0 ? -1 : (secondActiveAt - joinAt) / 1e9,
          settled < 0 ? -1 : (settled - joinAt) / 1e9,
          back < 0 ? -1 : (back - leaveAt) / 1e9,
          (closed - leaveAt) / 1e9,
          tasks,
          List.copyOf(assignments),
          LatencyTimeline.buckets(probes, origin, origin, endAt, BUCKET),
          phases);
    } finally {
      stop.set(true);
      if (joined != null) {
        joined.close();
      }
      load.join();
    }
  }

  /**
   * Samples both instances' tasks until {@code done} holds (no sooner than {@code atLeast}) or
   * {@code atMost} passes.
   *
   * @return when {@code done} first held, or -1 if it did not
   */
  private long watch(BooleanSupplier done, Duration atLeast, Duration atMost)
      throws InterruptedException {
    long began = System.nanoTime();
    long doneAt = -1;
    while (true) {
      long now = System.nanoTime();
      DetectorInstance.Tasks b = joined == null ? new DetectorInstance.Tasks(0, 0) : joined.tasks();
      assignments.add(new Assignment(seconds(now), first.tasks(), b));
      if (b.active() > 0 && secondActiveAt < 0) {
        secondActiveAt = now;
      }
      if (doneAt < 0 && done.getAsBoolean()) {
        doneAt = now;
      }
      boolean longEnough = now - began >= atLeast.toNanos();
      if ((doneAt >= 0 && longEnough) || now - began >= atMost.toNanos()) {
        return doneAt;
      }
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SAMPLE_NANOS));
    }
  }

  private double seconds(long nanos) {
    return Math.round((nanos - origin) / 1e8) / 10.0;
  }
}
