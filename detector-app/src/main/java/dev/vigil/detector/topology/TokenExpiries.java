package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.profile.ProfileBuilder;
import java.time.Instant;
import java.util.List;

/**
 * The known expiry of a finding's token, from the states of the detectors keyed by token (the
 * replay detector keeps the issuer's {@code token_expires_at}), read the way a profile reads them.
 * It travels on the alert so the revocation stage can decline to revoke a credential that has
 * already expired.
 */
final class TokenExpiries {

  private final List<Keyed<?>> byToken;

  private record Keyed<S>(Detector<S> detector, DetectorStateStore.Slice<S> states) {
    void describe(String token, ProfileBuilder into) {
      S state = states.get(token);
      if (state != null) {
        detector.describe(state, token, into);
      }
    }
  }

  TokenExpiries(List<Detector<?>> detectors, DetectorStateStore store) {
    this.byToken =
        detectors.stream()
            .filter(d -> d.keyBy() == Detector.KeyBy.TOKEN)
            .<Keyed<?>>map(d -> keyed(d, store))
            .toList();
  }

  private static <S> Keyed<S> keyed(Detector<S> detector, DetectorStateStore store) {
    return new Keyed<>(detector, store.slice(detector));
  }

  /** The finding with its token's expiry, when a detector knows it; otherwise as it was. */
  Finding withExpiry(Finding finding) {
    String token = finding.tokenId();
    if (token == null || finding.tokenExpiresAt() != null) {
      return finding;
    }
    ProfileBuilder facts = new ProfileBuilder(finding.identityId(), finding.triggeredAt());
    byToken.forEach(k -> k.describe(token, facts));
    Instant expiry = facts.token(token).expiry();
    return expiry == null ? finding : finding.withTokenExpiry(expiry);
  }
}
