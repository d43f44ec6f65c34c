package dev.vigil.detector.replay;

import static dev.vigil.detector.fixtures.Events.at;
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
import dev.vigil.events.Source;
import dev.vigil.rules.RuleExceptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code token_network_spread} counting where the holder asked for its token: a stolen copy's first
 * use from elsewhere is a second network at once, not at the holder's next use. The pack here is
 * the default pack's reading of networks (three networks or two countries in ten minutes).
 */
class IssuanceNetworkTest {

  private static final String ID = "arn:aws:iam::111122223333:role/billing-exporter";
  private static final String TOKEN = "ASIA5EXAMPLE";
  private static final Source HOLDER = from("34.1.1.1", 15169L, "US");
  private static final Source HOLDER_OTHER_ADDRESS = from("34.1.7.9", 15169L, "US");
  private static final Source ABROAD = from("185.2.2.2", 9009L, "RO");

  private final TokenReplayDetector detector = new TokenReplayDetector();
  private final DetectorFeed<TokenState, TokenReplayDetector> feed =
      new DetectorFeed<>(detector, TestPacks.standard());

  @BeforeEach
  void defaultPackThresholds() {
    feed.pack =
        TestPacks.withRule(feed.pack, TestPacks.SPREAD, TestPacks.param("min_distinct_asns", 3));
  }

  private static ObservedEvent issuance(String issuer, Source requester, long at) {
    return observed(
        issued("i-1", at(at), ID, TOKEN)
            .setIssuer(issuer)
            .setSource(requester)
            .setTokenExpiresAt(at(at + 3600)));
  }

  private static ObservedEvent useFrom(String eventId, long at, Source source) {
    return observed(use(eventId, at(at), ID, TOKEN, "aws:s3").setSource(source));
  }

  private List<Finding> spread(List<Finding> findings) {
    return findings.stream().filter(f -> f.ruleId().equals(TestPacks.SPREAD)).toList();
  }

  @Test
  void aFirstUseAbroadRightAfterTheHolderAskedForTheTokenFiresAtThatUse() {
    assertThat(feed.send(issuance("sts.amazonaws.com", HOLDER, 0))).isEmpty();

    List<Finding> findings = feed.send(useFrom("u-1", 2, ABROAD));

    assertThat(spread(findings))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventIds()).containsExactly("i-1", "u-1");
              assertThat(f.windowStart()).isEqualTo(at(0));
              assertThat(f.windowEnd()).isEqualTo(at(2));
              assertThat(f.observed().get("countries")).containsExactly("US", "RO");
              assertThat(f.summary()).contains("was requested or used from 2 networks");
            });
  }

  @Test
  void anIssuanceArrivingAfterTheForeignUseStillCountsByEventTime() {
    assertThat(feed.send(useFrom("u-1", 2, ABROAD))).isEmpty();

    List<Finding> findings = feed.send(issuance("sts.amazonaws.com", HOLDER, 0));

    assertThat(spread(findings))
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("i-1", "u-1"));
  }

  @Test
  void theHoldersOwnUsesFromTheNetworkItAskedFromAreQuiet() {
    List<Finding> findings =
        feed.send(
            issuance("sts.amazonaws.com", HOLDER, 0),
            useFrom("u-1", 2, HOLDER_OTHER_ADDRESS),
            useFrom("u-2", 60, HOLDER));

    assertThat(findings).isEmpty();
  }

  @Test
  void aRefreshCountsAsTheHoldersRequestToo() {
    List<Finding> findings =
        feed.send(
            observed(
                auth("r-1", at(0), ID, AuthEventKind.TOKEN_REFRESHED)
                    .setTokenId(TOKEN)
                    .setIssuer("https://sso.corp.example")
                    .setSource(HOLDER)
                    .setTokenExpiresAt(at(3600))),
            useFrom("u-1", 30, ABROAD));

    assertThat(spread(findings))
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("r-1", "u-1"));
  }

  @Test
  void aRequestFromPrivateSpaceDoesNotCountEvenAtTwoNetworks() {
    // Asked through a VPC endpoint, used through the NAT gateway: one workload, not two holders.
    feed.pack =
        TestPacks.withRule(feed.pack, TestPacks.SPREAD, TestPacks.param("min_distinct_asns", 2));

    assertThat(
            feed.send(
                issuance("sts.amazonaws.com", from("10.0.4.7", null, null), 0),
                useFrom("u-1", 2, HOLDER)))
        .isEmpty();
    assertThat(feed.state.requests).isEmpty();
  }

  @Test
  void anIssuerWhoseRequestsComeFromItsOwnInfrastructureDoesNotCount() {
    // The kubelet asked for the pod's token from the node: listed by default.
    assertThat(
            feed.send(
                issuance("https://kubernetes.default.svc.cluster.local", HOLDER, 0),
                useFrom("u-1", 2, ABROAD)))
        .isEmpty();
  }

  @Test
  void theParameterDecidesWhichIssuersCount() {
    feed.pack =
        TestPacks.withRule(
            feed.pack, TestPacks.SPREAD, TestPacks.param("issuance_not_from_holder", List.of()));

    assertThat(
            spread(
                feed.send(
                    issuance("https://kubernetes.default.svc.cluster.local", HOLDER, 0),
                    useFrom("u-1", 2, ABROAD))))
        .hasSize(1);
  }

  @Test
  void aMatchEveryIssuerGlobCountsNoneNotEvenOneNamingNoIssuer() {
    feed.pack =
        TestPacks.withRule(
            feed.pack, TestPacks.SPREAD, TestPacks.param("issuance_not_from_holder", List.of("*")));

    assertThat(feed.send(issuance(null, HOLDER, 0), useFrom("u-1", 2, ABROAD))).isEmpty();
  }

  @Test
  void aCredentialThePlatformDeliveredIntoAWorkloadNeverCounts() {
    feed.pack =
        TestPacks.withRule(
            feed.pack, TestPacks.SPREAD, TestPacks.param("issuance_not_from_holder", List.of()));
    ObservedEvent delivered =
        observed(
            issued("i-1", at(0), ID, TOKEN)
                .setIssuer("sts.amazonaws.com")
                .setSource(HOLDER)
                .setAttributes(
                    Map.of(TokenReplayDetector.CREDENTIAL_CONTEXT, "aws:ec2:instance/i-0abc")));

    assertThat(feed.send(delivered, useFrom("u-1", 2, ABROAD))).isEmpty();
  }

  @Test
  void anIssuanceLongerThanTheWindowBeforeTheUseDoesNotCount() {
    assertThat(feed.send(issuance("sts.amazonaws.com", HOLDER, 0), useFrom("u-1", 601, ABROAD)))
        .isEmpty();
  }

  @Test
  void anIssuanceFromAnExceptedNetworkDoesNotCount() {
    feed.pack =
        TestPacks.withRule(
            feed.pack,
            TestPacks.SPREAD,
            TestPacks.exceptions(new RuleExceptions(List.of(), List.of(), List.of("34.1.0.0/16"))));

    assertThat(feed.send(issuance("sts.amazonaws.com", HOLDER, 0), useFrom("u-1", 2, ABROAD)))
        .isEmpty();
  }

  @Test
  void requestsAreBoundedAndGoWithTheUsesPastTheRetention() {
    for (int i = 0; i < 20; i++) {
      feed.send(issuance("https://sso.corp.example", HOLDER, i));
    }
    assertThat(feed.state.requests).hasSize(TokenState.MAX_REQUESTS);

    assertThat(detector.compact(feed.state, at(20 + 16 * 60), feed.pack)).isTrue();
    assertThat(feed.state.requests).isEmpty();
  }
}
