package dev.vigil.detector.replay;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.from;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.DetectorFeed;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.rules.RuleExceptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenReplayDetectorTest {

  private static final String ID = "spiffe://prod/ns/ci/sa/deployer";
  private static final String TOKEN = "tok-7f3a";

  private final TokenReplayDetector detector = new TokenReplayDetector();
  private final DetectorFeed<TokenState, TokenReplayDetector> feed =
      new DetectorFeed<>(detector, TestPacks.standard());

  private static ObservedEvent issuedTo(String workload, String binding, long at) {
    return observed(
        issued("i-1", at(at), ID, TOKEN)
            .setSource(attested(workload, binding))
            .setTokenExpiresAt(at(at + 900)));
  }

  private static ObservedEvent useFrom(String eventId, long at, String workload, String binding) {
    return observed(
        use(eventId, at(at), ID, TOKEN, "github").setSource(attested(workload, binding)));
  }

  @Test
  void useFromAnotherWorkloadThanTheBoundOneFires() {
    List<Finding> findings =
        feed.send(
            issuedTo("spiffe://a", "jkt-1", 0),
            useFrom("u-1", 10, "spiffe://a", "jkt-1"),
            useFrom("u-2", 20, "spiffe://b", "jkt-1"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.CONTEXT);
              assertThat(f.tokenId()).isEqualTo(TOKEN);
              assertThat(f.eventIds()).containsExactly("i-1", "u-2");
              assertThat(f.summary()).contains("spiffe://b").contains("its issuer bound it to");
              assertThat(f.windowStart()).isEqualTo(at(0));
              assertThat(f.windowEnd()).isEqualTo(at(20));
            });
  }

  @Test
  void aDifferentBindingAloneFiresAndIsReportedOnce() {
    List<Finding> findings =
        feed.send(
            issuedTo("spiffe://a", "jkt-1", 0),
            useFrom("u-1", 10, "spiffe://a", "jkt-9"),
            useFrom("u-2", 20, "spiffe://a", "jkt-9"));

    assertThat(findings).singleElement().extracting(Finding::ruleId).isEqualTo(TestPacks.CONTEXT);
  }

  @Test
  void theBoundContextAndUnattestedUsesAreQuiet() {
    List<Finding> findings =
        feed.send(
            issuedTo("spiffe://a", "jkt-1", 0),
            useFrom("u-1", 10, "spiffe://a", "jkt-1"),
            observed(
                use("u-2", at(20), ID, TOKEN, "github").setSource(from("10.0.0.9", null, null))));

    assertThat(findings).isEmpty();
  }

  @Test
  void twoAttestedContextsWithoutIssuanceFire() {
    List<Finding> findings =
        feed.send(useFrom("u-1", 10, "spiffe://a", null), useFrom("u-2", 20, "spiffe://b", null));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventIds()).containsExactly("u-1", "u-2");
              assertThat(f.summary()).contains("first used it");
            });
  }

  @Test
  void anIssuanceArrivingAfterTheUseStillConvictsIt() {
    List<Finding> findings =
        feed.send(useFrom("u-1", 20, "spiffe://b", null), issuedTo("spiffe://a", null, 0));

    assertThat(findings)
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("i-1", "u-1"));
  }

  @Test
  void usesFromTwoAsnsInsideTheWindowFire() {
    List<Finding> findings =
        feed.send(
            observed(
                use("u-1", at(0), ID, TOKEN, "github").setSource(from("34.1.1.1", 15169L, "US"))),
            observed(
                use("u-2", at(60), ID, TOKEN, "github").setSource(from("185.2.2.2", 9009L, "US"))));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.SPREAD);
              assertThat(f.observed().get("networks")).containsExactly("asn:15169", "asn:9009");
              assertThat(f.eventIds()).containsExactly("u-1", "u-2");
              assertThat(f.summary()).contains("within 10m (").doesNotContain("PT");
            });
  }

  @Test
  void ipChurnInsideOneNetworkIsQuiet() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String ip = "34.1." + (i % 7) + "." + i;
      findings.addAll(
          feed.send(
              observed(
                  use("u-" + i, at(i * 15L), ID, TOKEN, "github")
                      .setSource(from(ip, 15169L, "US")))));
    }
    assertThat(findings).isEmpty();
  }

  @Test
  void churnAcrossPrivateAddressesAloneIsOneNetwork() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      findings.addAll(
          feed.send(
              observed(
                  use("u-" + i, at(i * 10L), ID, TOKEN, "github")
                      .setSource(from("10." + i + ".4.7", null, null)))));
    }
    assertThat(findings).isEmpty();
  }

  @Test
  void twoNetworksFurtherApartThanTheWindowAreQuiet() {
    List<Finding> findings =
        feed.send(
            observed(
                use("u-1", at(0), ID, TOKEN, "github").setSource(from("34.1.1.1", 15169L, "US"))),
            observed(
                use("u-2", at(11 * 60), ID, TOKEN, "github")
                    .setSource(from("185.2.2.2", 9009L, "US"))));

    assertThat(findings).isEmpty();
  }

  @Test
  void useAfterRevocationFiresButNotBeforeNorWhenDenied() {
    List<Finding> findings =
        feed.send(
            issuedTo("spiffe://a", null, 0),
            useFrom("u-1", 10, "spiffe://a", null),
            observed(auth("r-1", at(100), ID, AuthEventKind.TOKEN_REVOKED).setTokenId(TOKEN)),
            observed(
                use("u-2", at(400), ID, TOKEN, "github")
                    .setSource(attested("spiffe://a", null))
                    .setOutcome(Outcome.DENIED)));
    assertThat(findings).isEmpty();

    findings = feed.send(useFrom("u-3", 500, "spiffe://a", null));
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.REVOKED);
              assertThat(f.eventIds()).containsExactly("r-1", "u-3");
              assertThat(f.summary()).contains("revoked");
            });
  }

  @Test
  void revocationHasItsOwnGraceShorterThanExpirysLeeway() {
    // Revoked at 100, grace 60 s: a use at 150 is a request in flight, one at 190 is a copy,
    // though it is well inside the 2 minutes that expiry's leeway would allow.
    List<Finding> findings =
        feed.send(
            issuedTo("spiffe://a", null, 0),
            observed(auth("r-1", at(100), ID, AuthEventKind.TOKEN_REVOKED).setTokenId(TOKEN)),
            useFrom("u-1", 150, "spiffe://a", null));
    assertThat(findings).isEmpty();

    assertThat(feed.send(useFrom("u-2", 190, "spiffe://a", null)))
        .singleElement()
        .satisfies(f -> assertThat(f.eventIds()).containsExactly("r-1", "u-2"));
  }

  @Test
  void aRevocationArrivingAfterALaterUseConvictsItByEventTime() {
    List<Finding> findings =
        feed.send(
            useFrom("u-1", 300, "spiffe://a", null),
            observed(auth("r-1", at(100), ID, AuthEventKind.TOKEN_REVOKED).setTokenId(TOKEN)));

    assertThat(findings).singleElement().extracting(Finding::ruleId).isEqualTo(TestPacks.REVOKED);
  }

  @Test
  void useAfterExpiryPlusSkewFiresInsideSkewIsQuiet() {
    // issued at 0, expires at 900; skew 2m
    assertThat(feed.send(issuedTo("spiffe://a", null, 0), useFrom("u-1", 1000, "spiffe://a", null)))
        .isEmpty();
    assertThat(feed.send(useFrom("u-2", 1030, "spiffe://a", null)))
        .singleElement()
        .satisfies(f -> assertThat(f.summary()).contains("expired"));
  }

  @Test
  void aRefreshedTokenIsNotExpired() {
    List<Finding> findings =
        feed.send(
            issuedTo("spiffe://a", null, 0),
            observed(
                auth("f-1", at(800), ID, AuthEventKind.TOKEN_REFRESHED)
                    .setTokenId(TOKEN)
                    .setTokenExpiresAt(at(1700))),
            useFrom("u-1", 1500, "spiffe://a", null));

    assertThat(findings).isEmpty();
  }

  @Test
  void aRefreshThatRebindsTheTokenMovesTheExpectedContextFromThenOn() {
    ObservedEvent refresh =
        observed(
            auth("f-1", at(100), ID, AuthEventKind.TOKEN_REFRESHED)
                .setTokenId(TOKEN)
                .setSource(attested("spiffe://a", "jkt-2")));
    List<Finding> quiet =
        feed.send(
            issuedTo("spiffe://a", "jkt-1", 0),
            useFrom("u-1", 10, "spiffe://a", "jkt-1"),
            refresh,
            useFrom("u-2", 200, "spiffe://a", "jkt-2"),
            // Out of order: before the refresh, the old key was the right one.
            useFrom("u-3", 50, "spiffe://a", "jkt-1"));
    assertThat(quiet).isEmpty();

    assertThat(feed.send(useFrom("u-4", 300, "spiffe://a", "jkt-1")))
        .singleElement()
        .satisfies(f -> assertThat(f.eventIds()).containsExactly("f-1", "u-4"));
  }

  @Test
  void exceptionsAndDisabledRulesLeaveTheTokenAlone() {
    feed.pack =
        TestPacks.withRule(
            TestPacks.withRule(
                feed.pack,
                TestPacks.CONTEXT,
                TestPacks.exceptions(
                    new RuleExceptions(List.of("spiffe://prod/ns/ci/*"), List.of(), List.of()))),
            TestPacks.SPREAD,
            TestPacks.disabled());
    List<Finding> findings =
        feed.send(
            issuedTo("spiffe://a", null, 0),
            observed(
                use("u-1", at(10), ID, TOKEN, "github")
                    .setSource(sourceOf("spiffe://b", "34.1.1.1", 15169L))),
            observed(
                use("u-2", at(20), ID, TOKEN, "github")
                    .setSource(sourceOf("spiffe://a", "185.2.2.2", 9009L))));

    assertThat(findings).isEmpty();
  }

  @Test
  void aTokenWithAKnownExpiryIsRememberedExpiredTokenTtlPastIt() {
    // expires at 900, skew 2m, expired_token_ttl 12h
    feed.send(issuedTo("spiffe://a", null, 0), useFrom("u-1", 600, "spiffe://a", null));
    assertThat(detector.isExpired(feed.state, at(900 + 120).plus(Duration.ofHours(12)), feed.pack))
        .isFalse();
    assertThat(detector.isExpired(feed.state, at(900 + 121).plus(Duration.ofHours(12)), feed.pack))
        .isTrue();
  }

  @Test
  void aTokenWithNoKnownEndIsRememberedTokenTtlPastItsLastUse() {
    feed.send(useFrom("u-1", 0, "spiffe://a", null));
    assertThat(detector.isExpired(feed.state, at(0).plus(Duration.ofHours(23)), feed.pack))
        .isFalse();
    assertThat(detector.isExpired(feed.state, at(0).plus(Duration.ofHours(25)), feed.pack))
        .isTrue();
  }

  @Test
  void aUseThreeHoursAfterExpiryStillFiresAndTheSpentTokenKeepsOnlyWhatConvicts() {
    feed.send(issuedTo("spiffe://a", "jkt-1", 0), useFrom("u-1", 600, "spiffe://a", "jkt-1"));
    long threeHoursAfter = 900 + 3 * 3600;
    assertThat(detector.isExpired(feed.state, at(threeHoursAfter), feed.pack)).isFalse();

    List<Finding> findings = feed.send(useFrom("u-2", threeHoursAfter, "spiffe://b", "jkt-9"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.REVOKED);
              assertThat(f.identityId()).isEqualTo(ID);
              assertThat(f.eventIds()).containsExactly("u-2");
              assertThat(f.summary()).contains("expired").contains(ID);
            });
    assertThat(feed.state.bindings).isEmpty();
    assertThat(feed.state.firstAttested).isNull();
    assertThat(feed.state.uses).extracting(TokenUse::eventId).containsExactly("u-2");
    // Later copies from yet another context add nothing: the expired use is reported once.
    assertThat(feed.send(useFrom("u-3", threeHoursAfter + 60, "spiffe://c", "jkt-8"))).isEmpty();
  }

  @Test
  void anOutOfOrderUseInsideTheTokensLifeIsStillJudgedAfterItsExpiry() {
    // The token expired at 900; a use at 1000 (inside skew) is quiet, and a mismatching use from
    // 850 arriving after it, inside the lookback, is still a context mismatch.
    List<Finding> findings =
        feed.send(
            issuedTo("spiffe://a", "jkt-1", 0),
            useFrom("u-1", 1000, "spiffe://a", "jkt-1"),
            useFrom("u-2", 850, "spiffe://b", "jkt-1"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.CONTEXT);
              assertThat(f.eventIds()).containsExactly("i-1", "u-2");
            });
  }

  @Test
  void repeatedUsesOfOneKindKeepTheEarliestAndLatestAndStillConvictOnALateRevocation() {
    feed.send(
        useFrom("u-1", 200, "spiffe://a", null),
        useFrom("u-2", 210, "spiffe://a", null),
        useFrom("u-3", 220, "spiffe://a", null));
    assertThat(feed.state.uses).extracting(TokenUse::eventId).containsExactly("u-1", "u-3");

    List<Finding> findings =
        feed.send(observed(auth("r-1", at(0), ID, AuthEventKind.TOKEN_REVOKED).setTokenId(TOKEN)));
    assertThat(findings)
        .singleElement()
        .satisfies(f -> assertThat(f.eventIds()).containsExactly("r-1", "u-1"));
  }

  @Test
  void aQuietTokenPastExpiryShrinksOnCompactionAndALaterUseIsStillTheExpiredFinding() {
    // expires at 900; skew 2m and lookback 15m put the settling point at 900 + 1020
    feed.send(issuedTo("spiffe://a", "jkt-1", 0), useFrom("u-1", 600, "spiffe://a", "jkt-1"));
    // Still settling: the use (older than the retention) goes, the binding stays.
    assertThat(detector.compact(feed.state, at(900 + 1020), feed.pack)).isTrue();
    assertThat(feed.state.uses).isEmpty();
    assertThat(feed.state.bindings).isNotEmpty();

    assertThat(detector.compact(feed.state, at(900 + 1021), feed.pack)).isTrue();

    assertThat(feed.state.bindings).isEmpty();
    assertThat(feed.state.firstAttested).isNull();
    assertThat(feed.state.uses).isEmpty();
    assertThat(feed.state.expiresAt).isEqualTo(at(900));
    assertThat(detector.compact(feed.state, at(900 + 1021), feed.pack)).isFalse();
    long elevenHoursAfter = 900 + 11 * 3600;
    assertThat(detector.isExpired(feed.state, at(elevenHoursAfter), feed.pack)).isFalse();
    List<Finding> findings = feed.send(useFrom("u-2", elevenHoursAfter, "spiffe://b", "jkt-9"));
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.REVOKED);
              assertThat(f.eventIds()).containsExactly("u-2");
              assertThat(f.summary()).contains("expired");
            });
  }

  @Test
  void compactionLeavesALiveTokenAndItsRecentUsesAlone() {
    feed.send(issuedTo("spiffe://a", "jkt-1", 0), useFrom("u-1", 600, "spiffe://a", "jkt-1"));
    // At 1000 the token (expiring at 900) is inside its skew and lookback: nothing is settled yet.
    assertThat(detector.compact(feed.state, at(1000), feed.pack)).isFalse();
    assertThat(feed.state.bindings).hasSize(1);
    assertThat(feed.state.uses).extracting(TokenUse::eventId).containsExactly("u-1");
    // A late use from another context is still judged against the binding.
    List<Finding> findings = feed.send(useFrom("u-2", 700, "spiffe://b", "jkt-1"));
    assertThat(findings).singleElement().extracting(Finding::ruleId).isEqualTo(TestPacks.CONTEXT);
  }

  @Test
  void compactionDropsOnlyUsesOlderThanTheRetentionBeforeStreamTime() {
    // No known end: the token stays live, but a use 15m (the retention) before stream time goes.
    feed.send(useFrom("u-1", 0, "spiffe://a", null), useFrom("u-2", 500, "spiffe://a", "jkt-2"));
    assertThat(detector.compact(feed.state, at(900), feed.pack)).isFalse();
    assertThat(detector.compact(feed.state, at(901), feed.pack)).isTrue();
    assertThat(feed.state.uses).extracting(TokenUse::eventId).containsExactly("u-2");
    assertThat(feed.state.firstAttested.eventId()).isEqualTo("u-1");
  }

  @Test
  void recentUsesAreBounded() {
    for (int i = 0; i < 200; i++) {
      feed.send(useFrom("u-" + i, i, "spiffe://a", null));
    }
    assertThat(feed.state.uses).hasSizeLessThanOrEqualTo(TokenState.MAX_USES);
  }

  private static dev.vigil.events.Source sourceOf(String workload, String ip, Long asn) {
    return dev.vigil.events.Source.newBuilder()
        .setWorkloadId(workload)
        .setIp(ip)
        .setAsn(asn)
        .setCountry("US")
        .build();
  }
}
