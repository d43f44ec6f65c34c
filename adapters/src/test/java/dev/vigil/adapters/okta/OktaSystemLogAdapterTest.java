package dev.vigil.adapters.okta;

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

/** Okta System Log fixtures (see fixtures/okta/README.md). */
class OktaSystemLogAdapterTest {

  private static final String PAGE = "/fixtures/okta/system-log-page.json";
  private static final String SESSION_ID = "102Hq3xVb7TnQkLrS9mWzYd0A";

  private final TokenFingerprints fingerprints =
      TokenFingerprints.withKey("okta-test-key-0123456789".getBytes(StandardCharsets.UTF_8));
  private final SourceAdapter adapter =
      SourceAdapters.byName("okta", AdapterConfig.defaults().withFingerprints(fingerprints));
  private final List<AdapterResult> results = mapAll(adapter, PAGE);

  @Test
  void everyEventOfThePageIsAccountedFor() {
    assertThat(accounting(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "MAPPED", 9,
                "SKIPPED:id-token-grant", 1,
                "SKIPPED:inconclusive-outcome", 1,
                "SKIPPED:irrelevant-event-type", 1));
    assertThat(Fixtures.eventKinds(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "TOKEN_ISSUED",
                2,
                "LOGIN",
                3,
                "TOKEN_REVOKED",
                2,
                "CREDENTIAL_CREATED",
                1,
                "use",
                1));
  }

  @Test
  void clientCredentialsGrantIsAnIssuedTokenWithExpiryScopesAndNetwork() {
    AuthEvent grant =
        auth(results, a -> a.getEventId().equals("7e2f1c1a-aaaa-11ef-9d01-1b2c3d4e5f60"));
    assertThat(grant.getKind()).isEqualTo(AuthEventKind.TOKEN_ISSUED);
    assertThat(grant.getIdentityId()).isEqualTo("inventory-sync");
    assertThat(grant.getIdentityType()).isEqualTo(IdentityType.API_CLIENT);
    assertThat(grant.getTokenId()).isEqualTo("AT.5xKkL0dB3uXm9fRq2wZsY7cVbN4jH1tG6eA8pO0iU");
    assertThat(grant.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-12-01T12:00:00Z"));
    assertThat(grant.getScopes()).containsExactly("inventory:read", "inventory:write");
    assertThat(grant.getAudience()).isEqualTo("api://inventory");
    assertThat(grant.getIssuer()).isEqualTo("okta:aus8xdg1oaSVfDgxa0g7");
    assertThat(grant.getSource().getAsn()).isEqualTo(14618L);
    assertThat(grant.getSource().getCountry()).isNull(); // Okta names countries, not ISO codes
    assertThat(grant.getAttributes())
        .containsEntry("okta_grant_type", "client_credentials")
        .containsEntry("okta_country_name", "United States");
    AuthEvent revoked =
        auth(
            results,
            a -> a.getKind() == AuthEventKind.TOKEN_REVOKED && a.getTokenId().startsWith("AT."));
    assertThat(revoked.getTokenId()).isEqualTo(grant.getTokenId());
  }

  @Test
  void failuresAreFailedLoginsWithTheVendorsReason() {
    AuthEvent badClient =
        auth(results, a -> a.getEventId().equals("7e2f1c1b-aaaa-11ef-9d01-1b2c3d4e5f61"));
    assertThat(badClient.getKind()).isEqualTo(AuthEventKind.LOGIN);
    assertThat(badClient.getOutcome()).isEqualTo(Outcome.FAILURE);
    assertThat(badClient.getAttributes()).containsEntry("okta_outcome_reason", "invalid_client");
    AuthEvent badPassword =
        auth(results, a -> a.getEventId().equals("7e2f1c1f-aaaa-11ef-9d01-1b2c3d4e5f65"));
    assertThat(badPassword.getIdentityType()).isEqualTo(IdentityType.HUMAN);
    assertThat(badPassword.getAttributes())
        .containsEntry("okta_outcome_reason", "INVALID_CREDENTIALS");
  }

  @Test
  void anAgentsGrantForAUserNamesTheUser() {
    AuthEvent grant =
        auth(results, a -> a.getEventId().equals("7e2f1c1c-aaaa-11ef-9d01-1b2c3d4e5f62"));
    assertThat(grant.getIdentityType()).isEqualTo(IdentityType.AI_AGENT);
    assertThat(grant.getAttributes()).containsEntry("okta_on_behalf_of", "sarah@example.com");
  }

  @Test
  void apiTokensAreCreatedUsedAndRevokedUnderTheirOktaId() {
    AuthEvent created = auth(results, a -> a.getKind() == AuthEventKind.CREDENTIAL_CREATED);
    TokenUseEvent used = use(results, u -> true);
    AuthEvent revoked =
        auth(
            results,
            a -> a.getKind() == AuthEventKind.TOKEN_REVOKED && a.getTokenId().startsWith("00T"));
    assertThat(created.getTokenId())
        .isEqualTo(used.getTokenId())
        .isEqualTo(revoked.getTokenId())
        .isEqualTo("00T1a2b3c4d5e6f7g8h9");
    assertThat(used.getAction()).isEqualTo("user.lifecycle.create");
    assertThat(used.getResource()).isEqualTo("new.hire@example.com");
    assertThat(used.getEventId()).endsWith("#api-token-use");
  }

  @Test
  void sessionIdsAreKeptOnlyAsFingerprints() {
    AuthEvent login =
        auth(results, a -> a.getEventId().equals("7e2f1c20-aaaa-11ef-9d01-1b2c3d4e5f66"));
    assertThat(login.getAttributes())
        .containsEntry("okta_session_fingerprint", fingerprints.fingerprint(SESSION_ID));
    NoSecrets.assertNoSecretsIn(results, SESSION_ID);
  }
}
