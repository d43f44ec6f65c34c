package dev.vigil.tools.soak;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events of a soak: a steady estate of workloads using their bound tokens as they should, and
 * attacks, each on an identity of its own, that the default pack answers with exactly one alert.
 *
 * <p>Traffic is shaped so that a clean replay of the same events must give the very same alert and
 * command ids, whatever the kills did: every attack is one finding of one (rule, identity), so no
 * suppression window ever holds a repeat and no roll-up (timed by stream time) is ever sent; the
 * steps of an attack are {@link #STEP} apart, far more than any reordering between the auth and
 * token topics; and attacks that revoke are rare enough that the per-minute revocation cap (counted
 * on the wall clock in production, on event time in a replay) never bites.
 */
final class SoakTraffic {

  /** Time between the steps of one attack. */
  static final Duration STEP = Duration.ofMillis(1500);

  /** The three attacks a soak cycles through, with the rule of the default pack that answers. */
  enum Attack {
    /** A bound token presented from another workload: an alert and a REVOKE_TOKEN command. */
    CONTEXT_MISMATCH("replay-attested-context-mismatch"),
    /** A token minted for one tool presented at another: an alert only. */
    AUDIENCE_MISMATCH("lateral-audience-mismatch"),
    /** One token used from two countries within minutes: an alert only. */
    NETWORK_SPREAD("replay-network-spread");

    final String rule;

    Attack(String rule) {
      this.rule = rule;
    }
  }

  /** One event of an attack, due {@code offset} after the attack starts. */
  record Step(Duration offset, SpecificRecord event) {}

  static final String TOOL = "github";
  private static final String OTHER_TOOL = "postgres:orders";
  private static final String ATTACKER = "spiffe://soak/ns/sandbox/sa/intruder";

  private final int identities;
  private long nextEventId;
  private long nextBenign;

  SoakTraffic(int identities) {
    if (identities < 1) {
      throw new IllegalArgumentException("identities must be at least 1, got " + identities);
    }
    this.identities = identities;
  }

  /** The issuance of every benign identity's token, all at {@code now}. */
  List<SpecificRecord> opening(Instant now) {
    return java.util.stream.IntStream.range(0, identities)
        .<SpecificRecord>mapToObj(
            i -> issued(benignIdentity(i), benignToken(i), now, TOOL, benignContext(i)))
        .toList();
  }

  /** The next benign use, round-robin over the estate, from the context its token is bound to. */
  TokenUseEvent benignUse(Instant at) {
    int i = (int) (nextBenign++ % identities);
    return use(benignIdentity(i), benignToken(i), at, TOOL, benignContext(i));
  }

  /** The kind of the {@code n}th attack (they take turns). */
  static Attack kind(long n) {
    return Attack.values()[(int) (n % Attack.values().length)];
  }

  /** The events of the {@code n}th attack, on an identity and token no other event names. */
  List<Step> attack(long n, Instant start) {
    String identity = "svc-soak-attack-" + n + "@corp.iam";
    String token = "tok-soak-attack-" + n;
    Source own = attested("spiffe://soak/ns/apps/sa/attack-" + n, "jkt-attack-" + n);
    AuthEvent issue = issued(identity, token, start, TOOL, own);
    Instant second = start.plus(STEP);
    Instant third = start.plus(STEP.multipliedBy(2));
    return switch (kind(n)) {
      case CONTEXT_MISMATCH ->
          List.of(
              new Step(Duration.ZERO, issue),
              new Step(STEP, use(identity, token, second, TOOL, own)),
              new Step(
                  STEP.multipliedBy(2),
                  use(identity, token, third, TOOL, attested(ATTACKER, own.getBinding()))));
      case AUDIENCE_MISMATCH ->
          List.of(
              new Step(Duration.ZERO, issue),
              new Step(STEP, use(identity, token, second, TOOL, own)),
              new Step(STEP.multipliedBy(2), use(identity, token, third, OTHER_TOOL, own)));
      case NETWORK_SPREAD ->
          List.of(
              new Step(Duration.ZERO, issue),
              new Step(STEP, use(identity, token, second, TOOL, located(own, 3320L, "DE"))),
              new Step(
                  STEP.multipliedBy(2),
                  use(identity, token, third, TOOL, located(own, 7018L, "US"))));
    };
  }

  /**
   * A use by an identity of its own, dated {@code at}: the carrier of a skewed record. Alone, it
   * cannot make any detection fire, so where it is judged only its effect on stream time shows.
   */
  TokenUseEvent lonelyUse(String identity, Instant at) {
    return use(identity, "tok-" + identity, at, TOOL, attested("spiffe://soak/" + identity, null));
  }

  private static String benignIdentity(int i) {
    return "svc-soak-" + i + "@corp.iam";
  }

  private static String benignToken(int i) {
    return "tok-soak-" + i;
  }

  private static Source benignContext(int i) {
    return attested("spiffe://soak/ns/apps/sa/svc-" + i, "jkt-soak-" + i);
  }

  private String eventId() {
    return "soak-" + nextEventId++;
  }

  private AuthEvent issued(String identity, String token, Instant at, String audience, Source s) {
    return AuthEvent.newBuilder()
        .setEventId(eventId())
        .setEventTime(at)
        .setIdentityId(identity)
        .setIdentityType(IdentityType.WORKLOAD)
        .setKind(AuthEventKind.TOKEN_ISSUED)
        .setOutcome(Outcome.SUCCESS)
        .setTokenId(token)
        .setAudience(audience)
        .setSource(Source.newBuilder(s).build())
        .build();
  }

  private TokenUseEvent use(String identity, String token, Instant at, String tool, Source s) {
    return TokenUseEvent.newBuilder()
        .setEventId(eventId())
        .setEventTime(at)
        .setIdentityId(identity)
        .setIdentityType(IdentityType.WORKLOAD)
        .setTokenId(token)
        .setTool(tool)
        .setAction("call")
        .setOutcome(Outcome.SUCCESS)
        .setSource(Source.newBuilder(s).build())
        .build();
  }

  private static Source attested(String workload, String binding) {
    return Source.newBuilder()
        .setIp("10.0.0.5")
        .setWorkloadId(workload)
        .setBinding(binding)
        .build();
  }

  private static Source located(Source context, long asn, String country) {
    return Source.newBuilder(context).setAsn(asn).setCountry(country).build();
  }
}
