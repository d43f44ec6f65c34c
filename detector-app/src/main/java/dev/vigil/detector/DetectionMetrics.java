package dev.vigil.detector;

import dev.vigil.events.Detection;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import java.time.Duration;

/**
 * What the detections report about their own work. The runtime implements it with Micrometer; the
 * detections never see a metrics library, and no identity or token ever reaches a label.
 */
public interface DetectionMetrics {

  /** One input event accepted; {@code eventType} is {@code auth} or {@code token_use}. */
  void eventIn(String eventType);

  /**
   * An event older than stream time minus the grace period: counted and sent to the dead letters.
   */
  void lateEvent(String eventType);

  /**
   * An event dated further ahead of the wall clock than the tolerated clock skew: judged, with its
   * time kept from moving stream time ({@code deadLettered} false), or, beyond the limit, sent to
   * the dead letters ({@code deadLettered} true). A default, so implementations that predate it
   * still compile; the runtime's counts it.
   */
  default void futureEvent(String eventType, boolean deadLettered) {}

  /**
   * An event read during the warm-up from before go-live ({@code WarmUp}): learned from ({@code
   * learned} true), or older than the warm-up horizon and not read at all.
   */
  default void historyEvent(boolean learned) {}

  /**
   * A finding on history: dropped ({@code retrospective} false) or sent as a retrospective alert,
   * never with a revocation command.
   */
  default void historyFinding(Detection detection, String ruleId, boolean retrospective) {}

  /**
   * A revocation not sent because the credential it would revoke had already expired when the alert
   * went out (the alert says so).
   */
  default void revocationWithheld(ResponseAction action) {}

  /** An alert left the detector. */
  void alertEmitted(Detection detection, String ruleId, Severity severity);

  /** A repeat inside a rule's suppression window, merged into the first alert instead of sent. */
  void alertSuppressed(Detection detection, String ruleId);

  /** A revocation command left the detector. */
  void revocationIssued(ResponseAction action, boolean dryRun);

  /** A revocation the global per-minute cap turned into an alert only. */
  void revocationCapped(ResponseAction action);

  /** Event time of the triggering event to the moment its alert was emitted (wall clock). */
  void eventToAlertLatency(Duration latency);

  /** A rule pack became active; {@code enabledRules} of its rules are switched on. */
  void rulesLoaded(String packName, int enabledRules);

  /** A rule pack arrived on the rules topic and was refused; the previous pack stays active. */
  void rulesRejected();

  /** For tests and tools that do not export metrics. */
  DetectionMetrics NONE =
      new DetectionMetrics() {
        @Override
        public void eventIn(String eventType) {}

        @Override
        public void lateEvent(String eventType) {}

        @Override
        public void alertEmitted(Detection detection, String ruleId, Severity severity) {}

        @Override
        public void alertSuppressed(Detection detection, String ruleId) {}

        @Override
        public void revocationIssued(ResponseAction action, boolean dryRun) {}

        @Override
        public void revocationCapped(ResponseAction action) {}

        @Override
        public void eventToAlertLatency(Duration latency) {}

        @Override
        public void rulesLoaded(String packName, int enabledRules) {}

        @Override
        public void rulesRejected() {}
      };
}
