package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.baseline.PeerAware;
import dev.vigil.detector.rulestore.RulePackParser;
import dev.vigil.rules.RulePack;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one topology runs its detections.
 *
 * @param seedPack the pack in force until the rules topic holds a valid one
 * @param observeOnly revocation commands carry {@code dry_run = true}
 * @param grace how far behind stream time an event may arrive and still be judged; older ones are
 *     late: counted and dead-lettered
 * @param clock wall clock for {@code detected_at} / {@code issued_at} only, never for a decision
 * @param detectors the detections to run ({@code Detectors.all()})
 * @param rulesParser turns rule-pack text from the rules topic into a pack
 * @param identityPartitions partitions of the input topics (the largest, if they differ): events
 *     already in their identity's partition are judged there, the others move once (see {@link
 *     IdentityPartitioning})
 * @param warmUp how history read before go-live is treated ({@link WarmUp#NONE}: all live)
 */
public record DetectorSettings(
    RulePack seedPack,
    boolean observeOnly,
    Duration grace,
    Clock clock,
    List<Detector<?>> detectors,
    RulePackParser rulesParser,
    int identityPartitions,
    WarmUp warmUp) {

  /** Settings without a warm-up: every event is judged live. */
  public DetectorSettings(
      RulePack seedPack,
      boolean observeOnly,
      Duration grace,
      Clock clock,
      List<Detector<?>> detectors,
      RulePackParser rulesParser,
      int identityPartitions) {
    this(
        seedPack,
        observeOnly,
        grace,
        clock,
        detectors,
        rulesParser,
        identityPartitions,
        WarmUp.NONE);
  }

  /** Settings for single-partition input (replays and tests). */
  public DetectorSettings(
      RulePack seedPack,
      boolean observeOnly,
      Duration grace,
      Clock clock,
      List<Detector<?>> detectors,
      RulePackParser rulesParser) {
    this(seedPack, observeOnly, grace, clock, detectors, rulesParser, 1, WarmUp.NONE);
  }

  /** The same settings with {@code warmUp}. */
  public DetectorSettings withWarmUp(WarmUp warmUp) {
    return new DetectorSettings(
        seedPack, observeOnly, grace, clock, detectors, rulesParser, identityPartitions, warmUp);
  }

  public DetectorSettings {
    Objects.requireNonNull(seedPack, "seedPack");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(rulesParser, "rulesParser");
    Objects.requireNonNull(warmUp, "warmUp");
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("grace must be zero or positive, was " + grace);
    }
    if (identityPartitions < 1) {
      throw new IllegalArgumentException(
          "identityPartitions must be at least 1, was " + identityPartitions);
    }
    detectors = List.copyOf(detectors);
    Map<String, String> prefixes = new HashMap<>();
    for (Detector<?> detector : detectors) {
      claim(prefixes, StateKeys.prefix(detector.name()), detector.name());
      if (detector instanceof PeerAware<?>) {
        claim(prefixes, StateKeys.peerPrefix(detector.name()), detector.name() + " (peer groups)");
      }
    }
  }

  /** Refuses two kinds of state under one key prefix: they would read each other's bytes. */
  private static void claim(Map<String, String> prefixes, String prefix, String owner) {
    String other = prefixes.put(prefix, owner);
    if (other != null) {
      throw new IllegalArgumentException(
          "detectors "
              + other
              + " and "
              + owner
              + " would share the state key prefix "
              + prefix
              + " in the detector store; rename one");
    }
  }
}
