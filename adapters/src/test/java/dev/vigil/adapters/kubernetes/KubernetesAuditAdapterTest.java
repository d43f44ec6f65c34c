package dev.vigil.adapters.kubernetes;

import static dev.vigil.adapters.testing.Fixtures.accounting;
import static dev.vigil.adapters.testing.Fixtures.auth;
import static dev.vigil.adapters.testing.Fixtures.mapAll;
import static dev.vigil.adapters.testing.Fixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.adapters.testing.Fixtures;
import dev.vigil.adapters.testing.NoSecrets;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.TokenUseEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kubernetes audit fixtures (see fixtures/kubernetes/README.md for the documents they follow). */
class KubernetesAuditAdapterTest {

  private static final String DIR = "/fixtures/kubernetes/";
  private final SourceAdapter adapter = SourceAdapters.byName("kubernetes");

  @Test
  void onlyTheFinalStageOfARequestIsMappedSoTheAuditIdIsAStableEventId() {
    List<AdapterResult> results = mapAll(adapter, DIR + "audit-stages.jsonl");
    assertThat(accounting(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("MAPPED", 6, "SKIPPED:non-final-stage", 2, "SKIPPED:unauthenticated", 1));
    List<String> ids = Fixtures.uses(results).stream().map(TokenUseEvent::getEventId).toList();
    assertThat(ids)
        .doesNotHaveDuplicates()
        .contains(
            "b6a7c1d2-1111-4a2b-8c3d-000000000001", "b6a7c1d2-1111-4a2b-8c3d-000000000006#Panic");
  }

  @Test
  void aServiceAccountTokenUseCarriesItsCredentialIdAndThePodItWasBoundTo() {
    TokenUseEvent use =
        use(
            mapAll(adapter, DIR + "audit-stages.jsonl"),
            u -> u.getEventId().endsWith("000000000001"));
    assertThat(use.getIdentityId()).isEqualTo("system:serviceaccount:shop:web");
    assertThat(use.getIdentityType()).isEqualTo(IdentityType.SERVICE_ACCOUNT);
    assertThat(use.getTokenId()).isEqualTo("JTI=6d1f2b8e-0c3a-4e55-9d7a-2b1c0e9f4a77");
    assertThat(use.getEventTime()).isEqualTo(Instant.parse("2024-12-01T08:10:00.104Z"));
    assertThat(use.getTool()).isEqualTo("kubernetes");
    assertThat(use.getResource()).isEqualTo("namespaces/shop/secrets/db-credentials");
    assertThat(use.getAction()).isEqualTo("get");
    assertThat(use.getPrivilege()).isEqualTo("secrets:get");
    assertThat(use.getPrivileged()).isTrue();
    assertThat(use.getOutcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(use.getSource().getIp()).isEqualTo("10.42.1.17");
    // The pod name rides inside the token: context of the credential, not proof of the caller.
    assertThat(use.getSource().getWorkloadId()).isNull();
    assertThat(use.getAttributes())
        .containsEntry("credential_context", "k8s:pod/shop/web-7d4b9c-x2x7q")
        .containsEntry("k8s_bound_node", "node-1");
  }

  @Test
  void theTokenRequestIssuesTheTokenLaterUsesPresentBoundToItsPod() {
    List<AdapterResult> issued = mapAll(adapter, DIR + "tokenrequest.jsonl");
    assertThat(Fixtures.eventKinds(issued))
        .containsExactlyInAnyOrderEntriesOf(Map.of("use", 3, "TOKEN_ISSUED", 3));
    AuthEvent token =
        auth(
            issued,
            a -> a.getEventId().equals("c0ffee00-2222-4a2b-8c3d-000000000001#token-issued"));
    assertThat(token.getKind()).isEqualTo(AuthEventKind.TOKEN_ISSUED);
    assertThat(token.getIdentityId()).isEqualTo("system:serviceaccount:shop:web");
    assertThat(token.getTokenId()).isEqualTo("JTI=6d1f2b8e-0c3a-4e55-9d7a-2b1c0e9f4a77");
    assertThat(token.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-12-01T09:10:07Z"));
    assertThat(token.getAudience()).isEqualTo("https://kubernetes.default.svc.cluster.local");
    assertThat(token.getSource().getWorkloadId()).isEqualTo("k8s:pod/shop/web-7d4b9c-x2x7q");
    assertThat(token.getAttributes()).containsEntry("k8s_requested_by", "system:node:node-1");

    // Without the 1.29+ annotation the id comes from the token's jti claim: the same id.
    AuthEvent fromJwt =
        auth(
            issued,
            a -> a.getEventId().equals("c0ffee00-2222-4a2b-8c3d-000000000002#token-issued"));
    assertThat(fromJwt.getTokenId()).isEqualTo(token.getTokenId());
    // At Metadata level nothing names the token: issued, without an id.
    AuthEvent unnamed =
        auth(
            issued,
            a -> a.getEventId().equals("c0ffee00-2222-4a2b-8c3d-000000000003#token-issued"));
    assertThat(unnamed.getTokenId()).isNull();
    assertThat(unnamed.getIdentityId()).isEqualTo("system:serviceaccount:vault:vault-auth");

    // The issued token's context is the same string a later use carries; a use from outside the
    // cluster shows another address with the same token.
    List<AdapterResult> uses = mapAll(adapter, DIR + "audit-stages.jsonl");
    TokenUseEvent outside = use(uses, u -> u.getEventId().endsWith("000000000002"));
    assertThat(outside.getTokenId()).isEqualTo(token.getTokenId());
    assertThat(outside.getAttributes().get("credential_context"))
        .isEqualTo(token.getSource().getWorkloadId());
    assertThat(outside.getSource().getIp()).isEqualTo("198.51.100.23");
  }

  @Test
  void theMintedTokenIsNeverCopied() throws IOException {
    String jwt =
        Files.readString(resource("tokenrequest.jsonl"))
            .replaceAll("(?s).*\"token\":\"(eyJ[^\"]+)\".*", "$1");
    assertThat(jwt).startsWith("eyJ");
    NoSecrets.assertNoSecretsIn(mapAll(adapter, DIR + "tokenrequest.jsonl"), jwt);
  }

  @Test
  void clientCertificatesAreTheUsesKeyBinding() {
    TokenUseEvent exec =
        use(
            mapAll(adapter, DIR + "audit-stages.jsonl"),
            u -> u.getEventId().endsWith("000000000003"));
    assertThat(exec.getIdentityType()).isEqualTo(IdentityType.HUMAN);
    assertThat(exec.getPrivilege()).isEqualTo("pods/exec:create");
    assertThat(exec.getResource()).isEqualTo("namespaces/shop/pods/web-7d4b9c-x2x7q/exec");
    assertThat(exec.getSource().getBinding())
        .isEqualTo("x5t#S256:8d3c1e5a0f2b4c6d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6");
  }

  @Test
  void deniedPanickedAndImpersonatingRequests() {
    List<AdapterResult> results = mapAll(adapter, DIR + "audit-stages.jsonl");
    assertThat(use(results, u -> u.getEventId().endsWith("000000000004")).getOutcome())
        .isEqualTo(Outcome.DENIED);
    assertThat(use(results, u -> u.getEventId().endsWith("#Panic")).getOutcome())
        .isEqualTo(Outcome.FAILURE);
    TokenUseEvent impersonating = use(results, u -> u.getEventId().endsWith("000000000007"));
    assertThat(impersonating.getPrivileged()).isTrue();
    assertThat(impersonating.getAttributes())
        .containsEntry("k8s_impersonated_user", "system:serviceaccount:kube-system:deployer");
    assertThat(impersonating.getResource()).isEqualTo("clusterrolebindings/backdoor");
  }

  @Test
  void eksCloudWatchAndAksDiagnosticWrappersGiveTheSameEventsAsTheNativeLog() {
    List<AdapterResult> nativeLog = mapAll(adapter, DIR + "audit-stages.jsonl");
    List<AdapterResult> eks = mapAll(adapter, DIR + "eks-cloudwatch-subscription.json");
    List<AdapterResult> aks = mapAll(adapter, DIR + "aks-diagnostics.json");
    assertThat(accounting(eks)).containsExactlyEntriesOf(Map.of("MAPPED", 2));
    assertThat(accounting(aks))
        .containsExactlyInAnyOrderEntriesOf(Map.of("MAPPED", 1, "SKIPPED:non-final-stage", 1));
    assertThat(Fixtures.uses(nativeLog))
        .containsAll(Fixtures.uses(eks))
        .containsAll(Fixtures.uses(aks));
  }

  @Test
  void gkeCloudLoggingEntriesAreReadBackFromMethodAndResourceNames() {
    List<AdapterResult> results = mapAll(adapter, DIR + "gke-cloud-logging.jsonl");
    assertThat(accounting(results))
        .containsExactlyInAnyOrderEntriesOf(Map.of("MAPPED", 2, "SKIPPED:non-final-stage", 1));
    TokenUseEvent read = use(results, u -> u.getAction().equals("get"));
    assertThat(read.getEventId()).isEqualTo("a1b2c3d4-0000-4000-8000-000000000010");
    assertThat(read.getIdentityId()).isEqualTo("system:serviceaccount:shop:web");
    assertThat(read.getResource()).isEqualTo("namespaces/shop/secrets/db-credentials");
    assertThat(read.getPrivilege()).isEqualTo("secrets:get");
    assertThat(read.getSource().getIp()).isEqualTo("10.8.0.12");
    assertThat(read.getTokenId()).isNull(); // GKE's form keeps no credential id
    TokenUseEvent denied = use(results, u -> u.getAction().equals("create"));
    assertThat(denied.getOutcome()).isEqualTo(Outcome.DENIED);
    assertThat(denied.getPrivilege()).isEqualTo("clusterrolebindings:create");
    assertThat(denied.getIdentityType()).isEqualTo(IdentityType.SERVICE_ACCOUNT);
  }

  private static Path resource(String name) {
    try {
      return Path.of(KubernetesAuditAdapterTest.class.getResource(DIR + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
