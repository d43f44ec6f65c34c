package dev.vigil.detector.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the replay detector knows of one token. Bounded: at most {@link #MAX_USES} recent uses
 * and {@link #MAX_REPORTED} reported evidence keys; the topology deletes the whole state once the
 * token has been quiet for its rule's {@code token_ttl}.
 */
final class TokenState {

  static final int MAX_USES = 64;
  static final int MAX_REPORTED = 32;

  String identityId;
  String identityType;
  Instant issuedAt;
  String issuedEventId;
  String boundWorkload;
  String boundBinding;
  Instant expiresAt;
  Instant revokedAt;
  String revokedEventId;
  Instant lastSeen;
  /** The earliest attested use: the context a token without an issuance binding belongs to. */
  TokenUse firstAttested;
  /** Recent uses, oldest first. */
  final List<TokenUse> uses = new ArrayList<>();
  /** Evidence already reported, so one finding is raised once. Insertion ordered, oldest dropped. */
  final Set<String> reported = new LinkedHashSet<>();

  void touch(Instant time) {
    if (lastSeen == null || time.isAfter(lastSeen)) {
      lastSeen = time;
    }
  }

  void addUse(TokenUse use) {
    uses.add(use);
    uses.sort(Comparator.comparing(TokenUse::time));
    while (uses.size() > MAX_USES) {
      uses.remove(0);
    }
    if (use.attested()
        && (firstAttested == null || use.time().isBefore(firstAttested.time()))) {
      firstAttested = use;
    }
  }

  /** Forgets uses older than {@code retention} before the newest one. */
  void pruneUses(java.time.Duration retention) {
    if (lastSeen == null) {
      return;
    }
    Instant cutoff = lastSeen.minus(retention);
    uses.removeIf(u -> u.time().isBefore(cutoff));
  }

  /** Records a reported evidence key; false when it was reported before. */
  boolean markReported(String key) {
    if (!reported.add(key)) {
      return false;
    }
    while (reported.size() > MAX_REPORTED) {
      reported.remove(reported.iterator().next());
    }
    return true;
  }

  /** The newest moment anything about this token is known to matter. */
  Instant lastActivity() {
    Instant latest = lastSeen;
    for (Instant t : new Instant[] {expiresAt, revokedAt, issuedAt}) {
      if (t != null && (latest == null || t.isAfter(latest))) {
        latest = t;
      }
    }
    return latest;
  }
}
