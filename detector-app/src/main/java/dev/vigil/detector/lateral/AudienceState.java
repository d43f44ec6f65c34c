package dev.vigil.detector.lateral;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
  final Set<String> reported = new LinkedHashSet<>();

  void touch(Instant time) {
    if (lastSeen == null || time.isAfter(lastSeen)) {
      lastSeen = time;
    }
  }

  void addUse(Use use, java.time.Duration lookback) {
    uses.add(use);
    uses.sort(Comparator.comparing(Use::time));
    Instant cutoff = lastSeen.minus(lookback);
    uses.removeIf(u -> u.time().isBefore(cutoff));
    while (uses.size() > MAX_USES) {
      uses.remove(0);
    }
  }

  boolean markReported(String key) {
    if (!reported.add(key)) {
      return false;
    }
    while (reported.size() > MAX_REPORTED) {
      reported.remove(reported.iterator().next());
    }
    return true;
  }
}
