package dev.vigil.detector.alert;

import dev.vigil.detector.profile.IdentityProfile.AlertView;
import dev.vigil.detector.profile.ProfileBuilder;
import java.util.Optional;

/**
 * The suppression windows still open for an identity, as a profile's recent alerts: each is the
 * last alert one rule raised for the identity, with the repeats merged into it since. Vigil keeps
 * no other record of alerts in state (they are on the alerts topic), so a profile shows these.
 */
public final class OpenAlerts {

  /** What a profile's recent alerts are, in words. */
  public static final String SHOWN =
      "The last alert of each rule whose suppression window is still open (suppress_for after the"
          + " alert), with the repeats merged into it; older alerts are on the alerts topic.";

  private OpenAlerts() {}

  /**
   * The window stored under {@code key} as an alert of {@code identity}, or empty when it belongs
   * to another identity.
   */
  public static Optional<AlertView> of(
      String identity, String key, byte[] window, ProfileBuilder words) {
    if (!key.endsWith('\u0000' + identity) || window == null) {
      return Optional.empty();
    }
    SuppressionWindow w = SuppressionWindow.decode(window);
    if (!identity.equals(w.identityId)) {
      return Optional.empty();
    }
    String text =
        w.severity
            + " "
            + w.detection
            + " by rule "
            + w.ruleId
            + " (alert "
            + w.alertId
            + "); repeats are merged until "
            + words.when(w.until)
            + (w.repeats == 0
                ? ", none so far."
                : ": " + w.repeats + (w.repeats == 1 ? " repeat" : " repeats") + " so far.");
    return Optional.of(
        new AlertView(
            w.alertId, w.ruleId, w.detection.name(), w.severity.name(), w.until, w.repeats, text));
  }
}
