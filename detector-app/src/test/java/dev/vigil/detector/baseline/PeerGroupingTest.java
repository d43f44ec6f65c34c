package dev.vigil.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.Events;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Source;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerGroupingTest {

  private static final PeerGrouping ALL = new PeerGrouping(true, true, true, true);

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "agent:support-bot-7, agent:support-bot",
    "agent:support-bot-1z, agent:support-bot",
    "svc-billing-b@corp.iam, svc-billing@corp.iam",
    "client:acme-erp-70, client:acme-erp",
    "spiffe://prod.corp.example/ns/data/sa/metrics-5, spiffe://prod.corp.example/ns/data/sa/metrics",
    "ci:github-actions/corp/billing-3/deploy, ci:github-actions/corp/billing/deploy",
    "spiffe://prod/ns/ci/sa/deployer, spiffe://prod/ns/ci/sa/deployer",
    "alice.ng3@corp.example, alice.ng3@corp.example",
    "trailing-, trailing-",
  })
  void theNamePrefixDropsTheInstanceSuffix(String id, String prefix) {
    assertThat(PeerGrouping.namePrefix(id)).isEqualTo(prefix);
  }

  @Test
  void spiffeIdsGiveTrustDomainAndNamespace() {
    ObservedEvent event = event("spiffe://Prod.Corp/ns/payments/sa/ledger-4", Map.of());

    assertThat(ALL.keyOf(event))
        .isEqualTo(
            "WORKLOAD|td=prod.corp|ns=payments|name=spiffe://Prod.Corp/ns/payments/sa/ledger");
  }

  @Test
  void kubernetesServiceAccountsAndAttributesGiveNamespaceAndOwner() {
    ObservedEvent sa = event("system:serviceaccount:checkout:api", Map.of("team", "commerce"));
    ObservedEvent attributed =
        event("svc-billing-b@corp.iam", Map.of("namespace", "billing", "owner", "fin-eng"));

    assertThat(ALL.keyOf(sa))
        .isEqualTo("WORKLOAD|ns=checkout|owner=commerce|name=system:serviceaccount:checkout:api");
    assertThat(ALL.keyOf(attributed))
        .isEqualTo("WORKLOAD|ns=billing|owner=fin-eng|name=svc-billing@corp.iam");
  }

  @Test
  void theTrustDomainFallsBackToTheAttestedWorkload() {
    ObservedEvent event =
        Events.observed(
            Events.use("u", Instant.EPOCH, "agent:triage-2", "t", "jira")
                .setIdentityType(IdentityType.AI_AGENT)
                .setSource(Source.newBuilder().setWorkloadId("spiffe://agents.corp/x").build()));

    assertThat(ALL.keyOf(event)).isEqualTo("AI_AGENT|td=agents.corp|name=agent:triage");
  }

  @Test
  void anIdentityOfUnknownTypeHasNoPeers() {
    ObservedEvent unknown =
        Events.observed(
            Events.use("u", Instant.EPOCH, "arn:aws:iam::847129010505:user/christophe", "t", "aws")
                .setIdentityType(IdentityType.UNKNOWN));

    assertThat(ALL.keyOf(unknown)).isNull();
    assertThat(new PeerGrouping(false, false, false, false).keyOf(unknown)).isNull();
  }

  @Test
  void theTypeAlwaysGroupsTheRestOnlyWhenAskedFor() {
    ObservedEvent event = event("spiffe://prod/ns/data/sa/etl-1", Map.of("owner", "data"));

    assertThat(new PeerGrouping(false, false, false, false).keyOf(event)).isEqualTo("WORKLOAD");
    assertThat(new PeerGrouping(true, false, false, false).keyOf(event))
        .isEqualTo("WORKLOAD|ns=data");
    assertThat(new PeerGrouping(false, false, true, true).keyOf(event))
        .isEqualTo("WORKLOAD|owner=data|name=spiffe://prod/ns/data/sa/etl");
  }

  private static ObservedEvent event(String identity, Map<String, String> attributes) {
    return Events.observed(
        Events.use("u", Instant.EPOCH, identity, "t", "jira")
            .setIdentityType(IdentityType.WORKLOAD)
            .setAttributes(attributes));
  }
}
