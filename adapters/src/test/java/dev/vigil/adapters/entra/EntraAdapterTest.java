package dev.vigil.adapters.entra;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entra fixtures (see fixtures/entra/README.md). */
class EntraAdapterTest {

  private static final String EXPORT = "/fixtures/entra/azure-monitor-export.json";
  private static final String SP = "entra:sp/5e6f7a8b-2222-4333-8444-955566677788";

  private final SourceAdapter adapter = SourceAdapters.byName("entra");
  private final List<AdapterResult> results = mapAll(adapter, EXPORT);

  @Test
  void everyRecordIsAccountedFor() {
    assertThat(accounting(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("MAPPED", 7, "SKIPPED:irrelevant-event-type", 1));
    assertThat(Fixtures.eventKinds(results))
        .containsExactlyInAnyOrderEntriesOf(Map.of("TOKEN_ISSUED", 2, "LOGIN", 3, "use", 2));
  }

  @Test
  void aServicePrincipalSignInIssuesATokenNamedByItsUniqueTokenIdentifier() {
    AuthEvent issued =
        auth(results, a -> a.getEventId().equals("6b4f9a2e-3c1d-4e5f-8a9b-0c1d2e3f4a5b"));
    assertThat(issued.getKind()).isEqualTo(AuthEventKind.TOKEN_ISSUED);
    assertThat(issued.getIdentityId()).isEqualTo(SP);
    assertThat(issued.getIdentityType()).isEqualTo(IdentityType.SERVICE_ACCOUNT);
    assertThat(issued.getTokenId()).isEqualTo("q0Cx7Ym3Ek2sN8fT1aLwAA");
    assertThat(issued.getEventTime()).isEqualTo(Instant.parse("2024-12-01T13:00:00.123Z"));
    assertThat(issued.getAudience()).isEqualTo("microsoft-graph");
    assertThat(issued.getSource().getIp()).isEqualTo("20.50.60.70");
    assertThat(issued.getSource().getCountry()).isEqualTo("NL");
    assertThat(issued.getAttributes())
        .containsEntry("entra_client_credential_type", "certificate")
        .containsEntry("entra_credential_thumbprint", "3F2504E04F8911D39A0C0305E82C3301A1B2C3D4");

    // Graph activity names the same token by signInActivityId: one use from the sign-in's
    // address, one from elsewhere adding a password to an application.
    TokenUseEvent read = use(results, u -> u.getAction().equals("GET users"));
    TokenUseEvent write = use(results, u -> u.getAction().equals("POST applications"));
    assertThat(read.getTokenId()).isEqualTo(write.getTokenId()).isEqualTo(issued.getTokenId());
    assertThat(read.getIdentityId()).isEqualTo(SP);
    assertThat(read.getTool()).isEqualTo(issued.getAudience());
    assertThat(read.getResource()).isEqualTo("/v1.0/users"); // no query string
    assertThat(write.getSource().getIp()).isEqualTo("198.51.100.23");
    assertThat(write.getPrivileged()).isTrue();
    assertThat(write.getPrivilege()).isEqualTo("graph:POST:applications");
  }

  @Test
  void errorCodesMakeFailedOrDeniedLogins() {
    AuthEvent badSecret =
        auth(results, a -> a.getEventId().equals("7c5a0b3f-4d2e-4f60-9bac-1d2e3f4a5b6c"));
    assertThat(badSecret.getKind()).isEqualTo(AuthEventKind.LOGIN);
    assertThat(badSecret.getOutcome()).isEqualTo(Outcome.FAILURE);
    assertThat(badSecret.getTokenId()).isNull();
    assertThat(badSecret.getAttributes()).containsEntry("entra_error_code", "7000215");
    AuthEvent blocked =
        auth(results, a -> a.getEventId().equals("8d6b1c4a-5e3f-4071-8cbd-2e3f4a5b6c7d"));
    assertThat(blocked.getOutcome()).isEqualTo(Outcome.DENIED);
    assertThat(blocked.getAttributes()).containsEntry("entra_error_code", "53003");
  }

  @Test
  void managedIdentitiesAndUsers() {
    AuthEvent mi = auth(results, a -> a.getIdentityId().startsWith("entra:mi/"));
    assertThat(mi.getIdentityType()).isEqualTo(IdentityType.WORKLOAD);
    assertThat(mi.getAudience()).isEqualTo("azure-key-vault");
    AuthEvent user = auth(results, a -> a.getIdentityId().equals("sarah@example.com"));
    assertThat(user.getKind()).isEqualTo(AuthEventKind.LOGIN);
    assertThat(user.getSource().getCountry()).isEqualTo("DE");
    assertThat(user.getAttributes()).containsEntry("entra_non_interactive", "true");
  }

  @Test
  void graphApiSignInPagesMapLikeTheExport() {
    List<AdapterResult> page = mapAll(adapter, "/fixtures/entra/graph-signins-page.json");
    AuthEvent issued = auth(page, a -> true);
    assertThat(issued.getKind()).isEqualTo(AuthEventKind.TOKEN_ISSUED);
    assertThat(issued.getIdentityId()).isEqualTo(SP);
    assertThat(issued.getTokenId()).isEqualTo("v5Hc2Dr8Jp7xS3kY6fQbFF");
  }

  @Test
  void noSecrets() {
    NoSecrets.assertNoSecretsIn(results);
  }
}
