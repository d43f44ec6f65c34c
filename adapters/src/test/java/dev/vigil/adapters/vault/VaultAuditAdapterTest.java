package dev.vigil.adapters.vault;

import static dev.vigil.adapters.testing.Fixtures.accounting;
import static dev.vigil.adapters.testing.Fixtures.auth;
import static dev.vigil.adapters.testing.Fixtures.mapAll;
import static dev.vigil.adapters.testing.Fixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.adapters.AdapterConfig;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.adapters.TokenFingerprints;
import dev.vigil.adapters.testing.Fixtures;
import dev.vigil.adapters.testing.NoSecrets;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.TokenUseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vault audit fixtures (see fixtures/vault/README.md for the documents they follow). */
class VaultAuditAdapterTest {

  private static final String LOG = "/fixtures/vault/audit.jsonl";
  private static final String RAW_LOG = "/fixtures/vault/audit-log-raw.jsonl";
  // HMAC'd accessors as the fixture's audit device wrote them.
  private static final String WEB_ACCESSOR =
      "hmac-sha256:212d0e78c83e12caca56852839ff92ad1131b588dad472b10553fb11ca70641d";
  private static final String CI_ACCESSOR =
      "hmac-sha256:ebf48c8110e7c18e1de4388edf074389550209dc6f4f3e5fa9ec5447120b4aa4";
  private static final String CHILD_ACCESSOR =
      "hmac-sha256:b7d3dcc552810972505d111c665b3474d741cdd638a0f024f811fc7300da0fb5";
  private static final String WEB_ENTITY = "vault:entity/e2853091-6c3c-2200-3ff7-0b664ed70c4d";

  private final SourceAdapter adapter = SourceAdapters.byName("vault");

  @Test
  void requestEntriesAreSkippedAndEveryResponseIsAccountedFor() {
    List<AdapterResult> results = mapAll(adapter, LOG);
    assertThat(accounting(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("MAPPED", 8, "SKIPPED:request-entry", 1, "SKIPPED:unauthenticated", 1));
    assertThat(Fixtures.eventKinds(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "use", 6, "TOKEN_ISSUED", 2, "TOKEN_REVOKED", 1, "TOKEN_REFRESHED", 1, "LOGIN", 1));
  }

  @Test
  void aKubernetesLoginIssuesATokenBoundToTheServiceAccountVaultVerified() {
    AuthEvent login =
        auth(
            mapAll(adapter, LOG),
            a -> a.getEventId().equals("7f1c9e2a-0b3d-4c5e-8f60-718293a4b5c6"));
    assertThat(login.getKind()).isEqualTo(AuthEventKind.TOKEN_ISSUED);
    assertThat(login.getIdentityId()).isEqualTo(WEB_ENTITY);
    assertThat(login.getIdentityType()).isEqualTo(IdentityType.SERVICE_ACCOUNT);
    assertThat(login.getTokenId()).isEqualTo(WEB_ACCESSOR);
    assertThat(login.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-12-01T09:10:02.130Z"));
    assertThat(login.getScopes()).containsExactly("default", "shop-read");
    assertThat(login.getAudience()).isEqualTo("vault");
    assertThat(login.getIssuer()).isEqualTo("vault:auth/kubernetes/");
    assertThat(login.getSource().getWorkloadId()).isEqualTo("k8s:sa/shop/web");
    assertThat(login.getSource().getIp()).isEqualTo("10.42.1.17");
    assertThat(login.getAttributes())
        .containsEntry("vault_principal", "system:serviceaccount:shop:web")
        .containsEntry("vault_role", "shop");
  }

  @Test
  void usesMeetTheLoginByTheHmacdAccessorFromInsideAndOutside() {
    List<AdapterResult> results = mapAll(adapter, LOG);
    TokenUseEvent inside =
        use(results, u -> u.getEventId().equals("1a2b3c4d-0001-4000-8000-000000000001"));
    TokenUseEvent outside =
        use(results, u -> u.getEventId().equals("1a2b3c4d-0002-4000-8000-000000000002"));
    assertThat(inside.getTokenId()).isEqualTo(outside.getTokenId()).isEqualTo(WEB_ACCESSOR);
    assertThat(inside.getIdentityId()).isEqualTo(WEB_ENTITY);
    assertThat(inside.getTool()).isEqualTo("vault");
    assertThat(inside.getResource()).isEqualTo("secret/data/shop/db");
    assertThat(inside.getAction()).isEqualTo("read");
    assertThat(inside.getPrivilege()).isEqualTo("secrets:read");
    assertThat(inside.getSource().getIp()).isEqualTo("10.42.1.17");
    assertThat(outside.getSource().getIp()).isEqualTo("198.51.100.23");
  }

  @Test
  void childTokensAreIssuedAndRevokedByAccessorUnderTheSameEntity() {
    List<AdapterResult> results = mapAll(adapter, LOG);
    AuthEvent child =
        auth(
            results,
            a ->
                a.getKind() == AuthEventKind.TOKEN_ISSUED && a.getTokenId().equals(CHILD_ACCESSOR));
    assertThat(child.getEventId()).isEqualTo("2b3c4d5e-0003-4000-8000-000000000003#token-issued");
    assertThat(child.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-12-01T09:15:00.500Z"));
    assertThat(child.getScopes()).containsExactly("default", "deploy");
    assertThat(child.getAttributes()).containsEntry("vault_parent_token", CI_ACCESSOR);
    AuthEvent revoked = auth(results, a -> a.getKind() == AuthEventKind.TOKEN_REVOKED);
    assertThat(revoked.getTokenId()).isEqualTo(CHILD_ACCESSOR);
    assertThat(revoked.getIdentityId()).isEqualTo(child.getIdentityId());
    TokenUseEvent creator =
        use(results, u -> u.getEventId().equals("2b3c4d5e-0003-4000-8000-000000000003"));
    assertThat(creator.getIdentityId()).isEqualTo(child.getIdentityId());
    assertThat(creator.getAttributes())
        .containsEntry("vault_principal", "vault:approle/ci-deployer");
  }

  @Test
  void renewalRefreshesTheExpiry() {
    AuthEvent renewed =
        auth(mapAll(adapter, LOG), a -> a.getKind() == AuthEventKind.TOKEN_REFRESHED);
    assertThat(renewed.getTokenId()).isEqualTo(WEB_ACCESSOR);
    assertThat(renewed.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-12-01T10:05:00Z"));
  }

  @Test
  void deniedRequestsAndFailedLogins() {
    List<AdapterResult> results = mapAll(adapter, LOG);
    TokenUseEvent denied = use(results, u -> u.getResource().startsWith("sys/policies"));
    assertThat(denied.getOutcome()).isEqualTo(Outcome.DENIED);
    assertThat(denied.getPrivileged()).isTrue();
    AuthEvent failed = auth(results, a -> a.getKind() == AuthEventKind.LOGIN);
    assertThat(failed.getOutcome()).isEqualTo(Outcome.FAILURE);
    assertThat(failed.getIdentityId()).isEqualTo("vault:user/alice");
    assertThat(failed.getTokenId()).isNull();
  }

  @Test
  void hmacdAndRawSecretsNeverReachEvents() {
    String token1 =
        "hvs.CAESIPy1Sg4nD2qF0sZyrT8kL3mJx7Wv9QeR5uH6aB1cD2eFGh4KHGh2cy5rUzJtN2dQV2ZKY0xYWjFwQjNqR3Q";
    String token2 =
        "hvs.CAESIK7r2Lm9Qx4Vt8Zp1Wc3Nb6Jh5Gf0Ds9Aa2Ss4Dd6Ff8GhJKHGh2cy5wUWtMVnRxQkNYbWZqWWRoRzRzYk0";
    NoSecrets.assertNoSecretsIn(mapAll(adapter, RAW_LOG), token1, token2, "S3cr3t-db-pass", "ghp_");
    // HMAC'd client tokens are not token ids either: the accessor is.
    List<AdapterResult> hashed = mapAll(adapter, LOG);
    NoSecrets.assertNoSecretsIn(
        hashed,
        "hmac-sha256:114e",
        "S3cr3t",
        "hunter2",
        "hmac-sha256:" + "8b9e"); // no response data
  }

  @Test
  void aTokenKnownOnlyByItsSecretIsKeyedByFingerprintWhenAKeyIsConfigured() {
    List<AdapterResult> withoutKey = mapAll(adapter, RAW_LOG);
    TokenUseEvent unkeyed = use(withoutKey, u -> u.getResource().equals("secret/data/ci/registry"));
    assertThat(unkeyed.getTokenId()).isNull();
    assertThat(unkeyed.getAttributes()).containsEntry("token_unfingerprinted", "true");

    TokenFingerprints fingerprints =
        TokenFingerprints.withKey("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    SourceAdapter keyed =
        SourceAdapters.byName("vault", AdapterConfig.defaults().withFingerprints(fingerprints));
    TokenUseEvent use =
        use(mapAll(keyed, RAW_LOG), u -> u.getResource().equals("secret/data/ci/registry"));
    assertThat(use.getTokenId())
        .startsWith("hmac:")
        .isEqualTo(
            fingerprints.fingerprint(
                "hvs.CAESIK7r2Lm9Qx4Vt8Zp1Wc3Nb6Jh5Gf0Ds9Aa2Ss4Dd6Ff8GhJKHGh2cy5wUWtMVnRxQkNYbWZqWWRoRzRzYk0"));
    // With hmac_accessor=false the plain accessor, not a secret, is the id.
    TokenUseEvent plain =
        use(mapAll(keyed, RAW_LOG), u -> u.getResource().equals("secret/data/shop/db"));
    assertThat(plain.getTokenId()).isEqualTo("Tqz8Qm1bX2fK7uVw9RyPn0sL");
  }
}
