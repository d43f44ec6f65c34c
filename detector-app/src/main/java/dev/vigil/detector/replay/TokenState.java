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
  static final int MAX_BINDINGS = 8;

  /** A context the issuer bound the token to, from {@code time} on. */
  record Binding(Instant time, String eventId, String workloadId, String binding) {
    String context() {
      return "workload=" + workloadId + " binding=" + binding;
    }
  }

  String identityId;
  String identityType;
  /**
   * The contexts the token was bound to by its issuer, oldest first: the issuance, then any refresh
   * that re-bound it (a rotated DPoP key). A use is judged against the binding in force at its time.
   */
  final List<Binding> bindings = new ArrayList<>();
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

  /** Records a binding by event time; the oldest go first when there are too many. */
  void addBinding(Binding b) {
    if (b.workloadId() == null && b.binding() == null) {
      return;
    }
    bindings.add(b);
    bindings.sort(Comparator.comparing(Binding::time));
    while (bindings.size() > MAX_BINDINGS) {
      bindings.remove(0);
    }
  }

  /** The binding in force at {@code time}: the latest at or before it, else the earliest known. */
  Binding bindingAt(Instant time) {
    Binding inForce = null;
    for (Binding b : bindings) {
      if (!b.time().isAfter(time)) {
        inForce = b;
      }
    }
    return inForce != null || bindings.isEmpty() ? inForce : bindings.get(0);
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
    Instant bound = bindings.isEmpty() ? null : bindings.get(bindings.size() - 1).time();
    for (Instant t : new Instant[] {expiresAt, revokedAt, bound}) {
      if (t != null && (latest == null || t.isAfter(latest))) {
        latest = t;
      }
    }
    return latest;
  }
}
