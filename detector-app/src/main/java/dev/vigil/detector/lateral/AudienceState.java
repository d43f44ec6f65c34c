package dev.vigil.detector.lateral;

import dev.vigil.detector.state.ByEventTime;
import dev.vigil.detector.state.ReportedKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One token's audience and its recent uses; bounded by caps and by {@code token_ttl}. */
final class AudienceState {

  static final int MAX_USES = 32;
  static final int MAX_REPORTED = 32;

  record Use(Instant time, String eventId, String tool, String ip) {}

  String identityId;
  String identityType;
  String audience;
  Instant issuedAt;
  String issuedEventId;
  Instant lastSeen;
  final List<Use> uses = new ArrayList<>();
  final ReportedKeys reported = new ReportedKeys(MAX_REPORTED);

  void touch(Instant time) {
    if (lastSeen == null || time.isAfter(lastSeen)) {
      lastSeen = time;
    }
  }

  void addUse(Use use, java.time.Duration lookback) {
    ByEventTime.insert(uses, use, Use::time, MAX_USES);
    Instant cutoff = lastSeen.minus(lookback);
    uses.removeIf(u -> u.time().isBefore(cutoff));
  }
}
