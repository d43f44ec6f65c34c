package dev.vigil.tools.demo;

import dev.vigil.tools.simulate.CampaignLabel;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The demo's estate, timed around the moment the demo starts ({@code now}): three days of history
 * before it, so baselines and rhythms exist (see {@link DemoPack}) and tokens are in flight, and
 * one day of live traffic after it, with every campaign (attacks and benign look-alikes) starting
 * between {@code now + from} and {@code now + until}. Fed with {@code
 * EventFeed.followingWallClock}, the history goes out at the feed's rate and the live part as it
 * happens, so alerts carry event times of about now.
 *
 * @param history how much past is replayed first (whole days)
 * @param campaignsFrom how long after {@code now} the first campaign may start
 * @param campaignsUntil how long after {@code now} the last campaign starts
 */
public record DemoTraffic(
    long seed,
    int identities,
    int attacksPerDetection,
    Duration history,
    Duration campaignsFrom,
    Duration campaignsUntil) {

  /** Three days of history; attacks strike 20–40 s into the live traffic. */
  public static DemoTraffic defaults(long seed, int identities, int attacksPerDetection) {
    return new DemoTraffic(
        seed,
        identities,
        attacksPerDetection,
        Duration.ofDays(3),
        Duration.ofSeconds(20),
        Duration.ofSeconds(40));
  }

  public DemoTraffic {
    if (history.isNegative()
        || history.toMillis() % Duration.ofDays(1).toMillis() != 0
        || history.isZero()) {
      throw new IllegalArgumentException(
          "history must be a positive number of whole days, got " + history);
    }
    if (campaignsFrom.isNegative()
        || campaignsUntil.compareTo(campaignsFrom) < 0
        || campaignsUntil.compareTo(Duration.ofHours(12)) > 0) {
      throw new IllegalArgumentException(
          "campaigns must start within 12 h of the demo start, from <= until; got "
              + campaignsFrom
              + ".."
              + campaignsUntil);
    }
  }

  /**
   * Ground truth of {@link #estate}: an identical estate generated to its end (a few thousand
   * events a day, so milliseconds), so the demo knows every campaign before the first event goes
   * out.
   */
  public List<CampaignLabel> labels(Instant now) {
    SimulatedEstate estate = estate(now);
    estate.events().forEach(event -> {});
    return estate.labels();
  }

  /** The estate for a demo starting at {@code now}: history before, one live day after. */
  public SimulatedEstate estate(Instant now) {
    Instant start = now.truncatedTo(ChronoUnit.MILLIS).minus(history);
    int days = (int) history.toDays() + 1;
    SimulationConfig config =
        new SimulationConfig(seed, start, days, identities, attacksPerDetection, history);
    return new SimulatedEstate(config, now.plus(campaignsFrom), now.plus(campaignsUntil));
  }
}
