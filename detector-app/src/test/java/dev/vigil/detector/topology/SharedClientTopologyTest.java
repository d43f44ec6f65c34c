package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.fixtures.ManualClock;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.detector.replay.ClientSightings;
import dev.vigil.detector.replay.ClientSightingsCodec;
import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token_shared_client} end to end: sightings leave the identities' task by address, meet in
 * the address's task, and the finding comes back through suppression to an alert on the delivered
 * credential's identity.
 */
class SharedClientTopologyTest {

  static final String RULE = "replay-shared-client";
  static final String ROLE = "arn:aws:iam::1:role/app";
  static final String OTHER_ROLE = "arn:aws:iam::1:role/batch";
  static final String USER = "arn:aws:iam::1:user/ops";
  static final String OTHER_USER = "arn:aws:iam::1:user/dev";
  static final String ADDRESS = "18.236.253.47";
  static final String AGENT = "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023";

  @TempDir Path stateDir;

  static RulePack pack(int capPerSide, RuleExceptions exceptions) {
    return pack(capPerSide, exceptions, List.of("HUMAN", "UNKNOWN"));
  }

  static RulePack pack(int capPerSide, RuleExceptions exceptions, List<String> otherSideTypes) {
    Rule rule =
        TestPacks.rule(
            RULE,
            RuleKind.TOKEN_SHARED_CLIENT,
            Severity.HIGH,
            ResponseAction.NONE,
            Map.of(
                "window",
                Duration.ofMinutes(10),
                "max_sightings_per_address",
                capPerSide,
                "other_side_types",
                otherSideTypes));
    return TestPacks.pack(
        10,
        List.of(
            new Rule(
                rule.id(),
                rule.kind(),
                rule.description(),
                rule.severity(),
                rule.action(),
                true,
                Duration.ofMinutes(30),
                rule.params(),
                exceptions,
                rule.tags())));
  }

  static RulePack pack() {
    return pack(16, RuleExceptions.NONE);
  }

  /** A use of the role's instance credential, delivered to an EC2 instance. */
  static TokenUseEvent.Builder delivered(String id, long second, String identity, String ip) {
    return use(id, at(second), identity, "ASIA-" + identity.hashCode(), "aws:sts")
        .setSource(Source.newBuilder().setIp(ip).setUserAgent(AGENT).build())
        .setAttributes(Map.of("credential_context", "aws:ec2:instance/i-0abc"));
  }

  /** A use of an IAM user's long-term key: nobody delivered it into a workload. */
  static TokenUseEvent.Builder person(String id, long second, String identity, String agent) {
    return use(id, at(second), identity, "AKIA-" + identity.hashCode(), "aws:ssm")
        .setIdentityType(IdentityType.UNKNOWN)
        .setSource(Source.newBuilder().setIp(ADDRESS).setUserAgent(agent).build());
  }

  @Test
  void theDeliveredCredentialUsedByThePersonsClientAlertsOnTheDeliveredCredential() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(person("p-1", 0, USER, AGENT)).send(delivered("d-1", 31, ROLE, ADDRESS));

      List<Alert> alerts = h.alerts();
      assertThat(alerts).hasSize(1);
      Alert alert = alerts.get(0);
      assertThat(alert.getDetection()).isEqualTo(Detection.TOKEN_REPLAY);
      assertThat(alert.getRuleId()).isEqualTo(RULE);
      assertThat(alert.getIdentityId()).isEqualTo(ROLE);
      assertThat(alert.getTokenId()).isEqualTo("ASIA-" + ROLE.hashCode());
      assertThat(alert.getEventIds()).containsExactly("p-1", "d-1");
      assertThat(alert.getObserved())
          .containsEntry("identities", List.of(USER))
          .containsEntry("delivered_to", List.of("aws:ec2:instance/i-0abc"))
          .containsEntry("sources", List.of(ADDRESS))
          .containsEntry("user_agents", List.of(AGENT));
      assertThat(alert.getSummary()).contains(USER, "31s apart");
    }
  }

  @Test
  void eitherOrderOfArrivalAndOfEventTimeGivesTheSameAlert() {
    String inOrder;
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(person("p-1", 0, USER, AGENT)).send(delivered("d-1", 31, ROLE, ADDRESS));
      inOrder = h.alerts().get(0).getAlertId();
    }
    try (TopologyHarness h = new TopologyHarness(pack())) {
      // The delivered credential's sighting arrives first although it is the later event.
      h.send(delivered("d-1", 31, ROLE, ADDRESS)).send(person("p-1", 0, USER, AGENT));
      List<Alert> alerts = h.alerts();
      assertThat(alerts).extracting(Alert::getAlertId).containsExactly(inOrder);
      assertThat(alerts.get(0).getEventIds()).containsExactly("p-1", "d-1");
    }
    try (TopologyHarness h = new TopologyHarness(pack())) {
      // The credential used first, the person's client after it.
      h.send(delivered("d-1", 0, ROLE, ADDRESS)).send(person("p-1", 400, USER, AGENT));
      List<Alert> alerts = h.alerts();
      assertThat(alerts).extracting(Alert::getAlertId).containsExactly(inOrder);
      assertThat(alerts.get(0).getEventIds()).containsExactly("d-1", "p-1");
    }
  }

  @Test
  void usesFurtherApartThanTheWindowAreNotOneClient() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(person("p-1", 0, USER, AGENT)).send(delivered("d-1", 601, ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
    }
  }

  @Test
  void anotherUserAgentAtTheSameAddressIsAnotherClient() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(person("p-1", 0, USER, AGENT + " md/prompt#off"))
          .send(delivered("d-1", 31, ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
    }
  }

  @Test
  void twoInstanceRolesBehindOneNatGatewayDoNotConvictEachOther() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(delivered("d-1", 0, ROLE, ADDRESS)).send(delivered("d-2", 5, OTHER_ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
    }
  }

  @Test
  void privateAndUnparseableAddressesAndMissingUserAgentsMakeNoSighting() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(
              person("p-1", 0, USER, AGENT)
                  .setSource(Source.newBuilder().setIp("10.1.2.3").setUserAgent(AGENT).build()))
          .send(delivered("d-1", 31, ROLE, "10.1.2.3"))
          .send(
              person("p-2", 40, USER, AGENT)
                  .setSource(
                      Source.newBuilder().setIp("ssm.amazonaws.com").setUserAgent(AGENT).build()))
          .send(delivered("d-2", 41, ROLE, "ssm.amazonaws.com"))
          .send(
              person("p-3", 50, USER, AGENT).setSource(Source.newBuilder().setIp(ADDRESS).build()))
          .send(
              delivered("d-3", 51, ROLE, ADDRESS)
                  .setSource(Source.newBuilder().setIp(ADDRESS).build()));

      assertThat(h.alerts()).isEmpty();
      assertThat(h.repartition("client-sightings-by-address")).isEmpty();
    }
  }

  @Test
  void anAddressInTheRulesExceptionsNeverCounts() {
    RulePack excepting =
        pack(16, new RuleExceptions(List.of(), List.of(), List.of("18.236.253.0/24")));
    try (TopologyHarness h = new TopologyHarness(excepting)) {
      h.send(person("p-1", 0, USER, AGENT)).send(delivered("d-1", 31, ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
      assertThat(h.repartition("client-sightings-by-address")).isEmpty();
    }
  }

  @Test
  void aWorkloadWithACredentialNobodyDeliveredIsNoOtherPrincipal() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      // A service typed WORKLOAD by its source, and an attested caller, behind the same NAT.
      h.send(person("w-1", 0, "svc:billing", AGENT).setIdentityType(IdentityType.WORKLOAD))
          .send(
              person("w-2", 5, "spiffe://prod/ns/a/sa/b", AGENT)
                  .setSource(
                      Source.newBuilder()
                          .setIp(ADDRESS)
                          .setUserAgent(AGENT)
                          .setWorkloadId("spiffe://prod/ns/a/sa/b")
                          .build()))
          .send(delivered("d-1", 31, ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
    }
  }

  @Test
  void machineIdentitiesTheirEmitterTypedAreNoOtherSideUnlessThePackListsTheirType() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      // A CI runner and a service account calling through the instance's address with its SDK.
      h.send(person("c-1", 0, "ci:deploy", AGENT).setIdentityType(IdentityType.CI_PIPELINE))
          .send(person("s-1", 5, "sa:reports", AGENT).setIdentityType(IdentityType.SERVICE_ACCOUNT))
          .send(delivered("d-1", 31, ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
      assertThat(h.repartition("client-sightings-by-address"))
          .as("only the delivered credential's use is sent")
          .hasSize(1);
    }
    RulePack withCi = pack(16, RuleExceptions.NONE, List.of("HUMAN", "UNKNOWN", "CI_*"));
    try (TopologyHarness h = new TopologyHarness(withCi)) {
      h.send(person("c-1", 0, "ci:deploy", AGENT).setIdentityType(IdentityType.CI_PIPELINE))
          .send(delivered("d-1", 31, ROLE, ADDRESS));

      assertThat(h.alerts())
          .singleElement()
          .satisfies(
              a -> assertThat(a.getObserved()).containsEntry("identities", List.of("ci:deploy")));
    }
  }

  @Test
  void oneIdentityWithBothKindsOfCredentialIsOnePrincipal() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(person("p-1", 0, ROLE, AGENT)).send(delivered("d-1", 31, ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
    }
  }

  @Test
  void theSameEvidenceReplayedGivesTheSameAlertAndNoSecond() {
    String first;
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(person("p-1", 0, USER, AGENT)).send(delivered("d-1", 31, ROLE, ADDRESS));
      first = h.alerts().get(0).getAlertId();
      // The same events again (a producer's retry), and more of the same traffic.
      h.send(person("p-1", 0, USER, AGENT))
          .send(delivered("d-1", 31, ROLE, ADDRESS))
          .send(person("p-2", 90, USER, AGENT))
          .send(delivered("d-2", 100, ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
    }
    try (TopologyHarness h = new TopologyHarness(pack())) {
      h.send(person("p-1", 0, USER, AGENT)).send(delivered("d-1", 31, ROLE, ADDRESS));

      assertThat(h.alerts()).extracting(Alert::getAlertId).containsExactly(first);
    }
  }

  @Test
  void steadyTrafficOfOneClientSendsOneSightingAMinute() {
    try (TopologyHarness h = new TopologyHarness(pack())) {
      for (int s = 0; s < 300; s += 5) {
        h.send(person("p-" + s, s, USER, AGENT));
      }

      // 60 events over five minutes: one sighting each minute.
      assertThat(h.repartition("client-sightings-by-address")).hasSize(5);
    }
  }

  @Test
  void eachAddressKeepsAtMostTheCapPerSideAndIsForgottenOnceQuiet() {
    try (TopologyHarness h = new TopologyHarness(pack(2, RuleExceptions.NONE))) {
      for (int i = 0; i < 6; i++) {
        h.send(person("p-" + i, i, USER + i, AGENT));
      }
      assertThat(stored(h).size()).isEqualTo(2);
      h.send(delivered("d-1", 10, ROLE, ADDRESS));
      assertThat(stored(h).size()).isEqualTo(3);
      // The two people seen last are kept: two findings, the second merged by suppression.
      assertThat(h.alerts()).hasSize(1);
      assertThat(h.metrics.count("suppressed." + RULE)).isEqualTo(1);

      // Long after the window (and the grace), another address's traffic moves stream time on
      // and the sweep forgets the quiet address.
      h.send(person("q-1", 3600, USER, AGENT).setSource(source("203.0.113.9")));
      h.send(person("q-2", 3600 + 600, USER, AGENT).setSource(source("203.0.113.9")));
      assertThat(h.<String, byte[]>keyValueStore(VigilTopology.SHARED_CLIENT_STORE).get(ADDRESS))
          .isNull();
    }
  }

  @Test
  void withTheRuleDisabledNoSightingIsSent() {
    RulePack off =
        TestPacks.withRule(
            pack(),
            RULE,
            r ->
                new Rule(
                    r.id(),
                    r.kind(),
                    r.description(),
                    r.severity(),
                    r.action(),
                    false,
                    r.suppression(),
                    r.params(),
                    r.exceptions(),
                    r.tags()));
    try (TopologyHarness h = new TopologyHarness(off)) {
      h.send(person("p-1", 0, USER, AGENT)).send(delivered("d-1", 31, ROLE, ADDRESS));

      assertThat(h.alerts()).isEmpty();
      assertThat(h.repartition("client-sightings-by-address")).isEmpty();
    }
  }

  @Test
  void aPairOnHistoryIsReleasedAsTheIdentitysOwnFindingsAre() {
    Instant goLive = Instant.parse("2026-12-01T00:00:00Z");
    long live = Duration.between(at(0), goLive).toSeconds();
    for (WarmUp.HistoryAlerts mode : WarmUp.HistoryAlerts.values()) {
      try (TopologyHarness h =
          new TopologyHarness(
              pack(),
              Duration.ofMinutes(2),
              EventTimeBounds.of(new ManualClock(goLive)),
              WarmUp.parse("earliest", mode),
              stateDir.resolve(mode.name()))) {
        h.send(person("p-1", 0, USER, AGENT)).send(delivered("d-1", 31, ROLE, ADDRESS));
        List<Alert> onHistory = h.alerts();
        h.send(person("p-2", live + 10, OTHER_USER, AGENT))
            .send(delivered("d-2", live + 20, ROLE, ADDRESS));
        List<Alert> onLive = h.alerts();

        if (mode == WarmUp.HistoryAlerts.SUPPRESS) {
          assertThat(onHistory).isEmpty();
          assertThat(h.metrics.count("history.suppressed")).isEqualTo(1);
        } else {
          assertThat(onHistory)
              .singleElement()
              .satisfies(a -> assertThat(a.getRetrospective()).isTrue());
        }
        assertThat(onLive)
            .singleElement()
            .satisfies(a -> assertThat(a.getRetrospective()).isFalse())
            .satisfies(a -> assertThat(a.getEventIds()).containsExactly("p-2", "d-2"));
      }
    }
  }

  private static Source source(String ip) {
    return Source.newBuilder().setIp(ip).setUserAgent(AGENT).build();
  }

  private static ClientSightings stored(TopologyHarness h) {
    byte[] bytes = h.<String, byte[]>keyValueStore(VigilTopology.SHARED_CLIENT_STORE).get(ADDRESS);
    return new ClientSightingsCodec().decode(bytes);
  }
}
