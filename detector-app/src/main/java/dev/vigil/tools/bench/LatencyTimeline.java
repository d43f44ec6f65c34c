package dev.vigil.tools.bench;

import dev.vigil.tools.bench.LiveSession.ProbeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A step's probes laid out by when they were sent, in buckets of wall-clock time: what a rebalance
 * does to latency shows as a run of slow buckets after it, which one percentile over the whole step
 * would average away.
 */
final class LatencyTimeline {

  /**
   * The probes sent within one bucket.
   *
   * @param startSeconds from the timeline's origin
   * @param lost probes never answered (they count at the time waited)
   */
  record Bucket(
      double startSeconds, int probes, int lost, double p50Ms, double p99Ms, double maxMs) {

    boolean over(Duration objective) {
      return probes > 0 && p99Ms > objective.toNanos() / 1e6;
    }
  }

  /**
   * Latency after an event (an instance joining or leaving) until the next one.
   *
   * @param maxP99Ms the worst bucket's p99
   * @param recoverySeconds from the event to the end of the last bucket whose p99 was over the
   *     objective: 0 when none was; the whole window when the last bucket was still over
   * @param recovered p99 was back within the objective before the window ended
   * @param secondsOver the buckets whose p99 was over the objective, in seconds: a rebalance that
   *     moves tasks in several rounds has short spikes far apart, which the recovery time alone
   *     would make look like one long one
   */
  record Spike(
      int probes,
      int lost,
      double maxP99Ms,
      double maxMs,
      double recoverySeconds,
      boolean recovered,
      double secondsOver) {}

  private LatencyTimeline() {}

  /** Buckets of {@code width} from {@code fromNanos} until {@code toNanos}, times from origin. */
  static List<Bucket> buckets(
      List<ProbeTime> probes, long originNanos, long fromNanos, long toNanos, Duration width) {
    long w = width.toNanos();
    int count = (int) Math.max(0, (toNanos - fromNanos + w - 1) / w);
    List<List<ProbeTime>> sorted = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sorted.add(new ArrayList<>());
    }
    for (ProbeTime probe : probes) {
      long offset = probe.sentNanos() - fromNanos;
      if (offset >= 0 && probe.sentNanos() < toNanos) {
        sorted.get((int) (offset / w)).add(probe);
      }
    }
    List<Bucket> buckets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<ProbeTime> in = sorted.get(i);
      long[] latencies = in.stream().mapToLong(ProbeTime::latencyNanos).sorted().toArray();
      buckets.add(
          new Bucket(
              (fromNanos + i * w - originNanos) / 1e9,
              in.size(),
              (int) in.stream().filter(p -> !p.answered()).count(),
              percentileMs(latencies, 50),
              percentileMs(latencies, 99),
              latencies.length == 0 ? 0 : millis(latencies[latencies.length - 1])));
    }
    return buckets;
  }

  /**
   * The spike after an event at {@code eventNanos}, in buckets of {@code width} until {@code
   * untilNanos}.
   */
  static Spike spike(
      List<ProbeTime> probes,
      long eventNanos,
      long untilNanos,
      Duration width,
      Duration objective) {
    List<Bucket> buckets = buckets(probes, eventNanos, eventNanos, untilNanos, width);
    int lastOver = -1;
    int lastMeasured = -1;
    int over = 0;
    double maxP99 = 0;
    double max = 0;
    int count = 0;
    int lost = 0;
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      if (b.probes() == 0) {
        continue;
      }
      lastMeasured = i;
      count += b.probes();
      lost += b.lost();
      maxP99 = Math.max(maxP99, b.p99Ms());
      max = Math.max(max, b.maxMs());
      if (b.over(objective)) {
        lastOver = i;
        over++;
      }
    }
    double seconds = width.toNanos() / 1e9;
    boolean recovered = lastOver < 0 || lastOver < lastMeasured;
    double recovery =
        lastOver < 0 ? 0 : recovered ? (lastOver + 1) * seconds : (untilNanos - eventNanos) / 1e9;
    return new Spike(
        count,
        lost,
        maxP99,
        max,
        Math.round(recovery * 10) / 10.0,
        recovered,
        Math.round(over * seconds * 10) / 10.0);
  }

  /** Nearest rank, as the step histograms report. */
  private static double percentileMs(long[] sortedNanos, double percentile) {
    if (sortedNanos.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
    return millis(sortedNanos[Math.max(0, rank - 1)]);
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 100_000.0) / 10.0;
  }
}
