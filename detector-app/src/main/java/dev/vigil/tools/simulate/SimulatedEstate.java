package dev.vigil.tools.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.avro.specific.SpecificRecord;

/**
 * A simulated estate of non-human identities (and a few humans) going about their habits, with
 * labelled attack campaigns and benign look-alikes. Events ({@code AuthEvent} and {@code
 * TokenUseEvent}) come out in event-time order, generated lazily: only what is in flight per
 * identity is held, so a large estate streams in bounded memory.
 *
 * <p>Single use: {@link #events()} may be consumed once; {@link #labels()} is complete once it has
 * been consumed to the end. Build a new estate from the same config to get the same events again.
 */
public final class SimulatedEstate {

  /** The look-alike of an outage: Vigil restarted after days down, every identity silent. */
  public static final String OUTAGE_SCENARIO = "vigil_restart_after_week_down";

  static final String OUTAGE_CAMPAIGN = "vigil-restart";

  private final SimulationConfig config;
  private final List<IdentityProfile> profiles;
  private final CampaignPlanner.Plans plans;
  private final List<CampaignLabel> labels = new ArrayList<>();
  private boolean started;
  private boolean finished;

  public SimulatedEstate(SimulationConfig config) {
    this.config = config;
    this.profiles = EstateFactory.build(config.seed(), config.identities());
    this.plans = CampaignPlanner.plan(config, profiles);
  }

  /**
   * An estate whose attacks all strike (and whose look-alikes all start) between {@code
   * campaignsFrom} and {@code campaignsUntil}, the config's warm-up then ignored; an attack that
   * prepares first starts earlier ({@link Scenario#preparation}). The demo uses it to put every
   * attack in its first minute while the identities keep their habits before and after.
   */
  public SimulatedEstate(SimulationConfig config, Instant campaignsFrom, Instant campaignsUntil) {
    if (campaignsFrom.isBefore(config.start())
        || campaignsUntil.isBefore(campaignsFrom)
        || !campaignsUntil.isBefore(config.end())) {
      throw new IllegalArgumentException(
          "campaign window "
              + campaignsFrom
              + ".."
              + campaignsUntil
              + " must lie within the simulation "
              + config.start()
              + ".."
              + config.end());
    }
    this.config = config;
    this.profiles = EstateFactory.build(config.seed(), config.identities());
    this.plans =
        CampaignPlanner.planStrikes(
            config, profiles, campaignsFrom.toEpochMilli(), campaignsUntil.toEpochMilli());
  }

  /** The events, AuthEvent and TokenUseEvent records in event-time order. */
  public Stream<SpecificRecord> events() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** The events as an iterator, for producers that pull (a Kafka producer loop, a rate limiter). */
  public synchronized java.util.Iterator<SpecificRecord> iterator() {
    if (started) {
      throw new IllegalStateException(
          "the events of a SimulatedEstate can be consumed once; build a new one from the same config");
    }
    started = true;
    long runTag = Fingerprints.mix(config.seed() ^ 0x5EED);
    long start = config.start().toEpochMilli();
    long end = config.end().toEpochMilli();
    Map<Integer, List<CampaignPlan>> byVictim = new HashMap<>();
    for (CampaignPlan plan : plans.campaigns()) {
      byVictim.computeIfAbsent(plan.victim().index(), i -> new ArrayList<>()).add(plan);
    }
    List<IdentityTimeline> timelines = new ArrayList<>(profiles.size());
    for (IdentityProfile profile : profiles) {
      List<CampaignPlan> own = new ArrayList<>(byVictim.getOrDefault(profile.index(), List.of()));
      own.sort(Comparator.comparingLong(CampaignPlan::start));
      timelines.add(
          new IdentityTimeline(profile, config.seed(), runTag, start, end, own, labels::add));
    }
    java.util.Iterator<SpecificRecord> merged = new EventMerger(timelines, () -> finished = true);
    if (config.outage().isZero()) {
      return merged;
    }
    return new OutageFilter(
        merged, config.outageStart().toEpochMilli(), config.outageEnd().toEpochMilli());
  }

  /**
   * Ground truth, one label per campaign in campaign-id order; complete once the events are
   * consumed.
   */
  public List<CampaignLabel> labels() {
    if (!finished) {
      throw new IllegalStateException(
          "labels are complete only once events() has been consumed to the end");
    }
    List<CampaignLabel> sorted = new ArrayList<>(labels);
    sorted.sort(Comparator.comparing(CampaignLabel::campaignId));
    if (!config.outage().isZero()) {
      // Vigil was down and its input gone: every identity seems to wake at once when it is back.
      sorted.add(
          new CampaignLabel(
              OUTAGE_CAMPAIGN,
              dev.vigil.events.Detection.SUDDEN_PRIVILEGE_USE,
              OUTAGE_SCENARIO,
              false,
              CampaignLabel.EVERY_IDENTITY,
              null,
              config.outageEnd(),
              config.outageEnd().plus(java.time.Duration.ofDays(1)),
              List.of()));
    }
    return List.copyOf(sorted);
  }

  /** Campaigns planned but not placed because no identity of the estate fits their scenario. */
  public int unplacedCampaigns() {
    return plans.unplaced();
  }

  /** How many identities of each type the estate has. */
  public Map<dev.vigil.events.IdentityType, Long> identitiesByType() {
    Map<dev.vigil.events.IdentityType, Long> counts =
        new java.util.EnumMap<>(dev.vigil.events.IdentityType.class);
    for (IdentityProfile profile : profiles) {
      counts.merge(profile.type(), 1L, Long::sum);
    }
    return counts;
  }
}
