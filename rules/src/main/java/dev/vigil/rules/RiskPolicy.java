package dev.vigil.rules;

import dev.vigil.events.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an identity's alerts add up to its risk level, the pack's {@code risk} section.
 *
 * <p>An alert keeps counting for {@code decay} of its severity after the last evidence it names
 * (its {@code window_end}); the level is the highest severity among the alerts still counting, one
 * step higher (at most critical) when they come from {@code escalateAtDetections} or more distinct
 * detections (0: never escalate). With no alert counting the level is none.
 *
 * @param decay how long an alert of each severity counts; every severity present, each at least as
 *     long as the one below it
 */
public record RiskPolicy(Map<Severity, Duration> decay, int escalateAtDetections) {

  /** Shortest decay a pack may set: below it a level would flicker between events. */
  public static final Duration MIN_DECAY = Duration.ofMinutes(1);

  /** Longest decay a pack may set: the state of every alerted identity is kept this long. */
  public static final Duration MAX_DECAY = Duration.ofDays(30);

  /** Most distinct detections escalation may wait for (there are only so many detections). */
  public static final int MAX_ESCALATE_AT = 10;

  /**
   * The defaults, explained in docs/RULES.md: long enough that a critical or high alert still
   * weighs on the identity through a full day of on-call triage, short enough that an identity no
   * one has looked at is not denied for ever.
   */
  public static final RiskPolicy DEFAULTS =
      new RiskPolicy(
          Map.of(
              Severity.LOW, Duration.ofHours(2),
              Severity.MEDIUM, Duration.ofHours(8),
              Severity.HIGH, Duration.ofHours(24),
              Severity.CRITICAL, Duration.ofHours(48)),
          2);

  public RiskPolicy {
    Objects.requireNonNull(decay, "decay");
    EnumMap<Severity, Duration> copy = new EnumMap<>(Severity.class);
    copy.putAll(decay);
    for (Severity severity : Severity.values()) {
      if (!copy.containsKey(severity)) {
        throw new IllegalArgumentException("no decay for severity " + severity);
      }
    }
    decay = java.util.Collections.unmodifiableMap(copy);
  }

  /** How long an alert of {@code severity} counts after its last evidence. */
  public Duration decayOf(Severity severity) {
    return decay.get(severity);
  }
}
