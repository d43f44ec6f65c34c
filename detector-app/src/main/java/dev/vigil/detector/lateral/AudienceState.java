package dev.vigil.detector.lateral;

import dev.vigil.detector.state.ByEventTime;
import dev.vigil.detector.state.ReportedKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One token's audience, its expiry and, while no audience is known yet, its recent uses; bounded by
 * caps, by the token's expiry and by {@code token_ttl}. The holder's identity is not kept: every
 * event of a token names its holder.
 */
final class AudienceState {

  static final int MAX_USES = 32;
  static final int MAX_REPORTED = 32;

  record Use(Instant time, String eventId, String tool, String ip) {}

  String audience;
  Instant issuedAt;
  String issuedEventId;
  Instant expiresAt;
  Instant lastSeen;

  /** Uses waiting for an issuance or refresh that names the audience; empty once it is known. */
  final List<Use> uses = new ArrayList<>();

  final ReportedKeys reported = new ReportedKeys(MAX_REPORTED);

  void touch(Instant time) {
    if (lastSeen == null || time.isAfter(lastSeen)) {
      lastSeen = time;
    }
  }

  void addUse(Use use, Duration lookback) {
    ByEventTime.insert(uses, use, Use::time, MAX_USES);
    Instant cutoff = lastSeen.minus(lookback);
    uses.removeIf(u -> u.time().isBefore(cutoff));
  }
}
