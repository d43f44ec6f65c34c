package dev.vigil.tools.evaluate;

import dev.vigil.events.Detection;
import java.util.List;

/**
 * Recall of one detection by how long Vigil (or the identity) had been watching when an attack
 * began: campaigns and detected campaigns per {@link #BUCKETS bucket}.
 *
 * @param campaigns attack campaigns per bucket
 * @param detected those detected, per bucket
 */
public record ColdStartRow(Detection detection, int[] campaigns, int[] detected) {

  /** Day 1 is the first 24 hours. */
  public static final List<String> BUCKETS =
      List.of("day 1", "days 2-3", "days 4-7", "days 8-14", "day 15+");

  /** The bucket of an attack on day {@code day} (1-based). */
  public static int bucket(long day) {
    if (day <= 1) {
      return 0;
    }
    if (day <= 3) {
      return 1;
    }
    if (day <= 7) {
      return 2;
    }
    return day <= 14 ? 3 : 4;
  }

  /** Recall in a bucket, null without campaigns there. */
  public Double recall(int bucket) {
    return campaigns[bucket] == 0 ? null : detected[bucket] / (double) campaigns[bucket];
  }

  /** Recall over the buckets from {@code from} on, null without campaigns there. */
  public Double recallFrom(int from) {
    int n = 0;
    int d = 0;
    for (int b = from; b < campaigns.length; b++) {
      n += campaigns[b];
      d += detected[b];
    }
    return n == 0 ? null : d / (double) n;
  }
}
