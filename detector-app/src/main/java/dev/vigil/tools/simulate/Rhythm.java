package dev.vigil.tools.simulate;

import java.time.DayOfWeek;

/**
 * How an identity's activity rate varies over the day, relative to its mean rate. Machines serving
 * traffic follow their users' day softly; people, their agents and CI follow office hours.
 */
enum Rhythm {
  /** Serving traffic: a soft afternoon peak, never idle. */
  ALWAYS_ON(1.5) {
    @Override
    double shape(double localHour, DayOfWeek day) {
      double weekly = weekend(day) ? 0.75 : 1.0;
      return weekly * (1.0 + 0.5 * Math.cos(2 * Math.PI * (localHour - 14.0) / 24.0));
    }
  },
  /** People, the agents they delegate to, and CI triggered by their commits. */
  OFFICE_HOURS(2.6) {
    @Override
    double shape(double localHour, DayOfWeek day) {
      double office =
          localHour >= 8 && localHour < 19 ? 2.6 : (localHour >= 7 && localHour < 22 ? 0.5 : 0.04);
      return weekend(day) ? office * 0.08 : office;
    }
  },
  /** Batch jobs: quiet by day, busy at night. */
  NIGHTLY(3.0) {
    @Override
    double shape(double localHour, DayOfWeek day) {
      return localHour >= 1 && localHour < 5 ? 3.0 : 0.45;
    }
  };

  private final double max;

  Rhythm(double max) {
    this.max = max;
  }

  /** Relative rate at this local time; averages roughly 1 over a week. */
  abstract double shape(double localHour, DayOfWeek day);

  /** Upper bound of {@link #shape}, for thinning. */
  double max() {
    return max;
  }

  private static boolean weekend(DayOfWeek day) {
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }
}
