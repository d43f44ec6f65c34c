package dev.vigil.detector.replay;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.from;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.DetectorFeed;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code token_off_delivery_network}: an instance's role credentials (their uses name the instance
 * in {@code credential_context}) used from a public network that is not the instance's.
 */
class TokenOffDeliveryNetworkTest {

  private static final String RULE = "replay-off-delivery";
  private static final String ROLE = "arn:aws:iam::111122223333:role/app";
  private static final String KEY = "ASIAEXAMPLEKEY";
  private static final String INSTANCE = "aws:ec2:instance/i-0abc1234def567890";

  private static RulePack pack(boolean learn, RuleExceptions exceptions) {
    RulePack pack =
        TestPacks.pack(
            10,
            List.of(
                TestPacks.rule(
                    RULE,
                    RuleKind.TOKEN_OFF_DELIVERY_NETWORK,
                    Severity.HIGH,
                    ResponseAction.NONE,
                    Map.of("learn_first_network", learn, "token_ttl", Duration.ofHours(24)))));
    return TestPacks.withRule(pack, RULE, TestPacks.exceptions(exceptions));
  }

  private static DetectorFeed<TokenState, TokenReplayDetector> feed(RulePack pack) {
    return new DetectorFeed<>(new TokenReplayDetector(), pack);
  }

  private static ObservedEvent delivered(String id, long at, String ip) {
    return observed(
        use(id, at(at), ROLE, KEY, "aws:ec2")
            .setSource(from(ip, null, null))
            .setAttributes(Map.of("credential_context", INSTANCE)));
  }

  private static ObservedEvent undelivered(String id, long at, String ip) {
    return observed(use(id, at(at), ROLE, KEY, "aws:ec2").setSource(from(ip, null, null)));
  }

  @Test
  void aSecondPublicNetworkAfterTheInstancesOwnFiresOnceNamingBoth() {
    List<Finding> findings =
        feed(pack(true, RuleExceptions.NONE))
            .send(
                delivered("u-1", 0, "54.201.7.10"),
                delivered("u-2", 60, "54.201.7.11"),
                delivered("u-3", 600, "18.236.253.47"),
                delivered("u-4", 660, "18.236.253.47"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(RULE);
              assertThat(f.tokenId()).isEqualTo(KEY);
              assertThat(f.eventIds()).containsExactly("u-1", "u-3");
              assertThat(f.observed().get("networks"))
                  .containsExactly("54.201.7.0/24", "18.236.253.0/24");
              assertThat(f.observed().get("delivered_to")).containsExactly(INSTANCE);
              assertThat(f.summary())
                  .contains("delivered to " + INSTANCE)
                  .contains("18.236.253.47")
                  .contains("first used from there (54.201.7.0/24)");
            });
  }

  @Test
  void aLateEarlierUseByTheInstanceStillConvictsTheCopy() {
    List<Finding> findings =
        feed(pack(true, RuleExceptions.NONE))
            .send(delivered("u-3", 600, "18.236.253.47"), delivered("u-1", 0, "54.201.7.10"));

    assertThat(findings)
        .singleElement()
        .satisfies(f -> assertThat(f.eventIds()).containsExactly("u-1", "u-3"));
  }

  @Test
  void vpcEndpointAndProviderCallsAndOneNetworkAreQuiet() {
    List<Finding> findings =
        feed(pack(true, RuleExceptions.NONE))
            .send(
                delivered("u-1", 0, "10.0.3.17"),
                delivered("u-2", 10, "54.201.7.10"),
                delivered("u-3", 20, null),
                delivered("u-4", 30, "172.31.9.4"),
                delivered("u-5", 40, "255.090.254.5"),
                delivered("u-6", 50, "54.201.7.99"));

    assertThat(findings).isEmpty();
  }

  @Test
  void aCredentialNotDeliveredToAWorkloadIsNotJudged() {
    List<Finding> findings =
        feed(pack(true, RuleExceptions.NONE))
            .send(undelivered("u-1", 0, "54.201.7.10"), undelivered("u-2", 60, "18.236.253.47"));

    assertThat(findings).isEmpty();
  }

  @Test
  void withoutLearningAnyUnlistedPublicNetworkFiresEvenFirst() {
    RuleExceptions egress = new RuleExceptions(List.of(), List.of(), List.of("54.201.7.0/24"));
    List<Finding> findings =
        feed(pack(false, egress))
            .send(
                delivered("u-1", 0, "18.236.253.47"),
                delivered("u-2", 10, "54.201.7.10"),
                delivered("u-3", 20, "10.0.3.17"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventIds()).containsExactly("u-1");
              assertThat(f.summary()).contains("a public network its rule does not list");
            });
  }

  @Test
  void anExceptedNetworkDoesNotFire() {
    RuleExceptions egress = new RuleExceptions(List.of(), List.of(), List.of("18.236.253.0/24"));
    List<Finding> findings =
        feed(pack(true, egress))
            .send(delivered("u-1", 0, "54.201.7.10"), delivered("u-2", 60, "18.236.253.47"));

    assertThat(findings).isEmpty();
  }

  @Test
  void aSpentTokenForgetsItsWorkloadsNetwork() {
    TokenState state = new TokenState();
    TokenReplayDetector detector = new TokenReplayDetector();
    detector.onEvent(state, delivered("u-1", 0, "54.201.7.10"), pack(true, RuleExceptions.NONE));
    assertThat(state.firstPublic).isNotNull();

    state.expiresAt = at(60);
    assertThat(detector.compact(state, at(3_600), pack(true, RuleExceptions.NONE))).isTrue();
    assertThat(state.firstPublic).isNull();
  }
}
