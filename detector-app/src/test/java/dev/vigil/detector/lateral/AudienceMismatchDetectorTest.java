package dev.vigil.detector.lateral;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.DetectorFeed;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.events.AuthEventKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudienceMismatchDetectorTest {

  private static final String ID = "svc-billing@corp";

  private final AudienceMismatchDetector detector = new AudienceMismatchDetector();
  private final DetectorFeed<AudienceState, AudienceMismatchDetector> feed =
      new DetectorFeed<>(detector, TestPacks.standard());

  private static ObservedEvent mintedFor(String audience, long at) {
    return observed(issued("i-1", at(at), ID, "tok-1").setAudience(audience));
  }

  private static ObservedEvent usedAt(String eventId, String tool, long at) {
    return observed(use(eventId, at(at), ID, "tok-1", tool));
  }

  @Test
  void aTokenPresentedAtAnotherToolFiresOncePerTool() {
    List<Finding> findings =
        feed.send(
            mintedFor("github", 0),
            usedAt("u-1", "github", 10),
            usedAt("u-2", "vault", 20),
            usedAt("u-3", "vault", 30));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.AUDIENCE);
              assertThat(f.eventIds()).containsExactly("i-1", "u-2");
              assertThat(f.observed().get("audience")).containsExactly("github");
              assertThat(f.observed().get("tools")).containsExactly("vault");
              assertThat(f.summary())
                  .isEqualTo(
                      "Token tok-1 of svc-billing@corp was minted for audience github but presented at vault.");
            });
  }

  @Test
  void aKnownAudienceJudgesUsesOnArrivalAndKeepsNone() {
    assertThat(feed.send(mintedFor("github", 0), usedAt("u-1", "github", 10))).isEmpty();
    assertThat(feed.state.uses).isEmpty();
    assertThat(feed.send(usedAt("u-2", "vault", 20)))
        .singleElement()
        .satisfies(f -> assertThat(f.identityId()).isEqualTo(ID));
    assertThat(feed.state.uses).isEmpty();
  }

  @Test
  void aTokenWithAKnownExpiryIsForgottenAtExpiryPlusSkewPlusLookback() {
    feed.send(
        observed(
            issued("i-1", at(0), ID, "tok-1").setAudience("github").setTokenExpiresAt(at(900))),
        usedAt("u-1", "github", 100));
    long settled = 900 + 120 + Detector.DEFAULT_LOOKBACK.toSeconds();
    assertThat(detector.isExpired(feed.state, at(settled), feed.pack)).isFalse();
    assertThat(detector.isExpired(feed.state, at(settled + 1), feed.pack)).isTrue();
  }

  @Test
  void usesWaitingForAnAudienceAreForgottenALookbackAfterTheLastOne() {
    feed.send(usedAt("u-1", "vault", 100));
    long lookback = Detector.DEFAULT_LOOKBACK.toSeconds();
    assertThat(detector.isExpired(feed.state, at(100 + lookback), feed.pack)).isFalse();
    assertThat(detector.isExpired(feed.state, at(100 + lookback + 1), feed.pack)).isTrue();
  }

  @Test
  void subToolsAndUrlAudiencesOfTheSameToolAreQuiet() {
    assertThat(
            feed.send(mintedFor("aws", 0), usedAt("u-1", "aws:s3", 10), usedAt("u-2", "AWS", 20)))
        .isEmpty();
    feed.state = detector.newState();
    assertThat(feed.send(mintedFor("https://api.github.com", 0), usedAt("u-1", "github", 10)))
        .isEmpty();
  }

  @Test
  void aRefreshNamesTheAudienceOfATokenIssuedBeforeVigilSawIt() {
    ObservedEvent refreshed =
        observed(
            auth("r-1", at(0), ID, AuthEventKind.TOKEN_REFRESHED)
                .setTokenId("tok-1")
                .setAudience("stripe"));

    assertThat(feed.send(refreshed, usedAt("u-1", "stripe", 10), usedAt("u-2", "jira", 20)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventIds()).containsExactly("r-1", "u-2");
              assertThat(f.observed().get("audience")).containsExactly("stripe");
            });
  }

  @Test
  void anIssuanceArrivingAfterTheUseStillConvictsIt() {
    assertThat(feed.send(usedAt("u-1", "vault", 20), mintedFor("github", 0)))
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("i-1", "u-1"));
  }

  @Test
  void aDisabledRuleIsQuiet() {
    feed.pack = TestPacks.withRule(feed.pack, TestPacks.AUDIENCE, TestPacks.disabled());
    assertThat(feed.send(mintedFor("github", 0), usedAt("u-1", "vault", 10))).isEmpty();
  }

  @Test
  void issuancesWithoutAudienceAreNotWanted() {
    assertThat(detector.accepts(observed(issued("i-1", at(0), ID, "tok-1")))).isFalse();
  }
}
