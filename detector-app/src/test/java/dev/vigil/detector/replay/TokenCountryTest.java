package dev.vigil.detector.replay;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.from;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.DetectorFeed;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The country a token was first used from, kept for its life: a machine's token used from another
 * country hours later, and a revoked token's use from a country it never saw, even inside the
 * revocation grace.
 */
class TokenCountryTest {

  private static final String TOKEN = "tok-standing";
  private static final String BROWSER =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";

  private final DetectorFeed<TokenState, TokenReplayDetector> feed =
      new DetectorFeed<>(new TokenReplayDetector(), TestPacks.standard());

  private static ObservedEvent useFrom(
      String eventId, long at, IdentityType type, String ip, long asn, String country) {
    return observed(
        use(eventId, at(at), "svc-reports@corp", TOKEN, "aws:s3")
            .setIdentityType(type)
            .setSource(from(ip, asn, country)));
  }

  private static ObservedEvent revokedAt(long at) {
    return observed(
        auth("r-1", at(at), "svc-reports@corp", AuthEventKind.TOKEN_REVOKED).setTokenId(TOKEN));
  }

  @Test
  void aServiceAccountsTokenUsedFromAnotherCountryHoursLaterFiresAtThatUse() {
    IdentityType type = IdentityType.SERVICE_ACCOUNT;
    assertThat(
            feed.send(
                useFrom("u-1", 0, type, "81.2.69.1", 20712, "GB"),
                useFrom("u-2", 600, type, "81.2.69.9", 20712, "GB")))
        .isEmpty();

    // 112 minutes of quiet, far past the 10-minute window, then a use from Moldova.
    List<Finding> findings =
        feed.send(useFrom("u-3", 600 + 112 * 60, type, "89.28.1.1", 8926, "MD"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.SPREAD);
              assertThat(f.eventIds()).containsExactly("u-1", "u-3");
              assertThat(f.summary())
                  .contains("first used from GB")
                  .contains("was used from MD")
                  .contains("does not change country");
            });
    // The holder's next use is the same incident, not a second alert.
    assertThat(feed.send(useFrom("u-4", 600 + 113 * 60, type, "81.2.69.1", 20712, "GB"))).isEmpty();
  }

  @Test
  void aStandbyRegionOfTheSameProviderInAnotherCountryIsQuiet() {
    IdentityType type = IdentityType.API_CLIENT;
    // eu-west-1 (Ireland) goes quiet; eu-central-1 (Germany) takes over: one AWS network.
    List<Finding> findings =
        feed.send(
            useFrom("u-1", 0, type, "54.216.1.1", 16509, "IE"),
            useFrom("u-2", 3600, type, "18.184.1.1", 16509, "DE"));

    assertThat(findings).isEmpty();
  }

  @Test
  void aPersonWhoTravelsWithTheirClientIsQuiet() {
    List<Finding> findings =
        feed.send(
            personFrom("u-1", 0, "GB", BROWSER),
            personFrom("u-2", 3 * 3600, "MD", BROWSER),
            personFrom("u-3", 6 * 3600, "GB", "python-requests/2.32.3"));

    // Another country with the same browser is a trip or a VPN; another client in the same
    // country is the person's own script.
    assertThat(findings).isEmpty();
  }

  @Test
  void aPersonsTokenUsedAbroadByAnotherClientFiresAtThatUse() {
    feed.send(personFrom("u-1", 0, "DE", BROWSER));

    // 78 minutes after the holder's last use, a script in Brazil.
    List<Finding> findings = feed.send(personFrom("u-2", 78 * 60, "BR", "python-requests/2.32.3"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.SPREAD);
              assertThat(f.eventIds()).containsExactly("u-1", "u-2");
              assertThat(f.summary()).contains("by another client").contains("HUMAN");
            });
  }

  private static ObservedEvent personFrom(String eventId, long at, String country, String client) {
    return observed(
        use(eventId, at(at), "heidi@corp.example", TOKEN, "jira")
            .setIdentityType(IdentityType.HUMAN)
            .setSource(
                Source.newBuilder()
                    .setIp("203.0.113." + country.charAt(0))
                    .setAsn((long) country.charAt(1))
                    .setCountry(country)
                    .setUserAgent(client)
                    .build()));
  }

  @Test
  void aRevokedTokenUsedInsideTheGraceFromACountryItNeverSawFires() {
    IdentityType type = IdentityType.SERVICE_ACCOUNT;
    feed.send(useFrom("u-1", 0, type, "198.51.100.7", 394102, "US"), revokedAt(4000));

    // 54 s after the revocation, inside the minute's grace: the holder's in-flight request would
    // come from the United States, not Romania.
    List<Finding> findings = feed.send(useFrom("u-2", 4054, type, "185.220.1.1", 9009, "RO"));

    assertThat(findings)
        .filteredOn(f -> f.ruleId().equals(TestPacks.REVOKED))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventIds()).containsExactly("r-1", "u-2");
              assertThat(f.summary()).contains("from RO, a country it had not been used from");
            });
  }

  @Test
  void insideTheGraceTheHoldersOwnCountryOrAnUnknownOneIsQuiet() {
    IdentityType type = IdentityType.SERVICE_ACCOUNT;
    List<Finding> sameCountry =
        feed.send(
            useFrom("u-1", 0, type, "198.51.100.7", 394102, "US"),
            revokedAt(30),
            useFrom("u-2", 50, type, "198.51.100.8", 394102, "US"));
    assertThat(sameCountry).isEmpty();

    // A token never seen anywhere before its revocation gives no country to compare with.
    DetectorFeed<TokenState, TokenReplayDetector> fresh =
        new DetectorFeed<>(new TokenReplayDetector(), TestPacks.standard());
    assertThat(fresh.send(revokedAt(30), useFrom("u-9", 50, type, "185.220.1.1", 9009, "RO")))
        .filteredOn(f -> f.ruleId().equals(TestPacks.REVOKED))
        .isEmpty();
  }

  @Test
  void theFirstCountryIsForgottenWithTheRestOfASpentTokensContext() {
    feed.send(useFrom("u-1", 0, IdentityType.WORKLOAD, "34.1.1.1", 15169, "US"));
    assertThat(feed.state.firstLocated).isNotNull();

    feed.state.forgetContext();

    assertThat(feed.state.firstLocated).isNull();
    assertThat(feed.state.hasContext()).isFalse();
  }
}
