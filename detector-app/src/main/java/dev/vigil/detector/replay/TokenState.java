package dev.vigil.detector.replay;

import dev.vigil.detector.state.ByEventTime;
import dev.vigil.detector.state.ReportedKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the replay detector knows of one token. Bounded: at most {@link #MAX_USES} recent uses
 * and {@link #MAX_REPORTED} reported evidence keys; once the token is spent (past its expiry, the
 * clock skew and the re-judging lookback) only its expiry, revocation and what was reported are
 * kept ({@link #forgetContext}), and the topology deletes the whole state when the detector says it
 * has expired. The holder's identity is not kept: every event of a token names its holder.
 */
final class TokenState {

  static final int MAX_USES = 64;
  static final int MAX_REPORTED = 32;
  static final int MAX_BINDINGS = 8;
  static final int MAX_REQUESTS = 4;

  /** A context the issuer bound the token to, from {@code time} on. */
  record Binding(Instant time, String eventId, String workloadId, String binding) {
    String context() {
      return "workload=" + workloadId + " binding=" + binding;
    }
  }

  /**
   * The contexts the token was bound to by its issuer, oldest first: the issuance, then any refresh
   * that re-bound it (a rotated DPoP key). A use is judged against the binding in force at its
   * time.
   */
  final List<Binding> bindings = new ArrayList<>();

  Instant expiresAt;
  Instant revokedAt;
  String revokedEventId;
  Instant lastSeen;

  /** The earliest attested use: the context a token without an issuance binding belongs to. */
  TokenUse firstAttested;

  /**
   * The earliest use from a public network of a credential delivered into a workload (its uses name
   * a {@code credential_context}): the network that workload uses it from.
   */
  TokenUse firstPublic;

  /**
   * The earliest use from a known country: where the token's holder was. Kept for the token's life,
   * past the uses' window, so a copy used from another country hours later is still a second
   * country, and a use soon after a revocation from a country the token never saw is no request of
   * its holder's in flight.
   */
  TokenUse firstLocated;

  /**
   * The {@link String#hashCode} of the user agent of {@link #firstLocated}, or null when it named
   * none: enough to tell another client, and four bytes where the text is a hundred. The hash is
   * specified by the Java language, so it is the same after a restart or on another instance.
   */
  Integer firstLocatedClient;

  /**
   * Where the token's recent issuance and refresh requests came from, oldest first, with the issuer
   * each went to: {@code token_network_spread} counts the network of those its rule says the holder
   * made as one the token was used from. Kept as long as uses are.
   */
  final List<Request> requests = new ArrayList<>();

  /** An issuance or refresh request (its network and country as a use's) and its issuer. */
  record Request(TokenUse from, String issuer) {}

  /** Recent uses, oldest first. */
  final List<TokenUse> uses = new ArrayList<>();

  /**
   * Evidence already reported, so one finding is raised once. Insertion ordered, oldest dropped.
   */
  final ReportedKeys reported = new ReportedKeys(MAX_REPORTED);

  void touch(Instant time) {
    if (lastSeen == null || time.isAfter(lastSeen)) {
      lastSeen = time;
    }
  }

  /**
   * Records a use, keeping only the earliest and the latest use of each kind ({@link
   * TokenUse#sameKind}): a later use convicts whenever a middle one of the same kind would (a
   * revocation or expiry before it, a conflicting context), and a network window ending at the
   * newest use still sees every kind used in it, since each kind's latest use falls inside it too.
   * Re-judging loses no detection, only middle uses' ids as evidence; the earliest keeps evidence
   * and the order networks were first seen in.
   */
  void addUse(TokenUse use) {
    if (use.attested() && (firstAttested == null || use.time().isBefore(firstAttested.time()))) {
      firstAttested = use;
    }
    ByEventTime.insert(uses, use, TokenUse::time, MAX_USES);
    List<TokenUse> kind = uses.stream().filter(use::sameKind).toList();
    for (int i = 1; i < kind.size() - 1; i++) {
      uses.remove(kind.get(i));
    }
  }

  /** Records where a use came from, and with which client, if it is the earliest located one. */
  void locate(TokenUse use, String userAgent) {
    if (use.country() != null
        && (firstLocated == null || use.time().isBefore(firstLocated.time()))) {
      firstLocated = use;
      firstLocatedClient = userAgent == null ? null : userAgent.hashCode();
    }
  }

  /**
   * True when the token was used or requested from some country before {@code use}, and never from
   * its country: no request of its holder's in flight, whatever a grace allows.
   */
  boolean fromUnseenCountry(TokenUse use) {
    if (use.country() == null) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    List<TokenUse> earlier = new ArrayList<>(uses);
    requests.forEach(r -> earlier.add(r.from()));
    if (firstLocated != null) {
      earlier.add(firstLocated);
    }
    for (TokenUse u : earlier) {
      if (u.country() != null && u.time().isBefore(use.time())) {
        seen.add(u.country());
      }
    }
    return !seen.isEmpty() && !seen.contains(use.country());
  }

  /** True when {@code userAgent} is known and not the client of the first located use. */
  boolean firstUsedByAnotherClient(String userAgent) {
    return firstLocatedClient != null
        && userAgent != null
        && userAgent.hashCode() != firstLocatedClient;
  }

  /** Records a binding by event time; the oldest go first when there are too many. */
  void addBinding(Binding b) {
    if (b.workloadId() == null && b.binding() == null) {
      return;
    }
    ByEventTime.insert(bindings, b, Binding::time, MAX_BINDINGS);
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

  /** Records a request by event time; the oldest go first when there are too many. */
  void addRequest(Request request) {
    ByEventTime.insert(requests, request, r -> r.from().time(), MAX_REQUESTS);
  }

  /** Records a use of a delivered credential from a public network, if it is the earliest. */
  void addDeliveredPublicUse(TokenUse use) {
    if (firstPublic == null || use.time().isBefore(firstPublic.time())) {
      firstPublic = use;
    }
  }

  /** Forgets uses older than {@code retention} before the newest one. */
  void pruneUses(java.time.Duration retention) {
    if (lastSeen != null) {
      pruneUsesBefore(lastSeen.minus(retention));
    }
  }

  /** Forgets uses and requests before {@code cutoff}; true when any went. */
  boolean pruneUsesBefore(Instant cutoff) {
    boolean requestsWent = requests.removeIf(r -> r.from().time().isBefore(cutoff));
    return uses.removeIf(u -> u.time().isBefore(cutoff)) || requestsWent;
  }

  /** The earliest moment from which any use is illegitimate: revocation or expiry, or null. */
  Instant endsAt() {
    return revokedAt != null && (expiresAt == null || revokedAt.isBefore(expiresAt))
        ? revokedAt
        : expiresAt;
  }

  /**
   * True once the token's last activity is later than its expiry plus {@code settled}: every use
   * still to come is past expiry, and every use kept was judged, so its contexts cannot convict.
   */
  boolean spent(java.time.Duration settled) {
    return expiresAt != null && lastSeen != null && lastSeen.isAfter(expiresAt.plus(settled));
  }

  /** True while the state holds what only judges a live token ({@link #forgetContext} drops it). */
  boolean hasContext() {
    return !bindings.isEmpty()
        || firstAttested != null
        || firstPublic != null
        || firstLocated != null
        || !requests.isEmpty();
  }

  /**
   * Drops what only judges a live token: its bindings, the context that first used it, the network
   * its workload first used it from, the country it was first used from and where it was requested
   * from.
   */
  void forgetContext() {
    bindings.clear();
    requests.clear();
    firstAttested = null;
    firstPublic = null;
    firstLocated = null;
    firstLocatedClient = null;
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
