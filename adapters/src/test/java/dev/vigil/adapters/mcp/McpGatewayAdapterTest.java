package dev.vigil.adapters.mcp;

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
import dev.vigil.adapters.testing.NoSecrets;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.events.TokenUseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Vigil-defined MCP gateway shape (docs/SOURCES.md, fixtures/mcp/README.md). */
class McpGatewayAdapterTest {

  private static final String LOG = "/fixtures/mcp/gateway.jsonl";
  private static final String RAW_JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXBvcnQtd3JpdGVyIiwianRpIjoibm9uZSJ9.c2lnbmF0dXJlLXZhbHVl";
  private static final String SESSION = "5f1e8c2a9b7d4e3f8a6b1c0d9e2f7a4b";

  private final TokenFingerprints fingerprints =
      TokenFingerprints.withKey("mcp-test-key-0123456789".getBytes(StandardCharsets.UTF_8));
  private final SourceAdapter adapter =
      SourceAdapters.byName("mcp", AdapterConfig.defaults().withFingerprints(fingerprints));
  private final List<AdapterResult> results = mapAll(adapter, LOG);

  @Test
  void everyEventIsAccountedFor() {
    assertThat(accounting(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("MAPPED", 5, "SKIPPED:irrelevant-event-type", 1));
  }

  @Test
  void theGatewaysTokenIsBoundToWorkloadAndKeyAndAReplayShowsAnotherContext() {
    AuthEvent issued = auth(results, a -> a.getKind() == AuthEventKind.TOKEN_ISSUED);
    assertThat(issued.getTokenId()).isEqualTo("jti-7f3a9c1e");
    assertThat(issued.getAudience()).isEqualTo("mcp:filesystem");
    assertThat(issued.getScopes()).containsExactly("files:read");
    assertThat(issued.getTaskId()).isEqualTo("ticket-4411");
    assertThat(issued.getSource().getWorkloadId())
        .isEqualTo("spiffe://prod.example/ns/agents/sa/support-bot");
    assertThat(issued.getSource().getBinding())
        .isEqualTo("jkt:0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");

    TokenUseEvent legit = use(results, u -> u.getEventId().equals("mcp-evt-0002"));
    assertThat(legit.getTool()).isEqualTo("mcp:filesystem");
    assertThat(legit.getAction()).isEqualTo("tools/call");
    assertThat(legit.getPrivilege()).isEqualTo("filesystem:read_file");
    assertThat(legit.getOnBehalfOf()).isEqualTo("sarah@example.com");
    assertThat(legit.getSource().getBinding()).isEqualTo(issued.getSource().getBinding());
    assertThat(legit.getSessionId()).isEqualTo(fingerprints.fingerprint(SESSION));

    TokenUseEvent replay = use(results, u -> u.getEventId().equals("mcp-evt-0003"));
    assertThat(replay.getTokenId()).isEqualTo(issued.getTokenId());
    assertThat(replay.getSource().getBinding()).isNotEqualTo(issued.getSource().getBinding());
    assertThat(replay.getSource().getWorkloadId()).isNotEqualTo(issued.getSource().getWorkloadId());
    assertThat(replay.getOutcome()).isEqualTo(Outcome.DENIED);
    assertThat(replay.getPrivileged()).isTrue();

    assertThat(auth(results, a -> a.getKind() == AuthEventKind.TOKEN_REVOKED).getTokenId())
        .isEqualTo("jti-7f3a9c1e");
  }

  @Test
  void aRawAuthorizationHeaderIsFingerprintedAndDropped() {
    TokenUseEvent legacy = use(results, u -> u.getEventId().equals("mcp-evt-0004"));
    assertThat(legacy.getTokenId()).isEqualTo(fingerprints.fingerprint(RAW_JWT));
    assertThat(legacy.getSource().getUserAgent()).isEqualTo("node-mcp-client/0.9 [REDACTED]");
    NoSecrets.assertNoSecretsIn(
        results, RAW_JWT, SESSION, "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d", "eyJ");

    TokenUseEvent unkeyed =
        use(mapAll(SourceAdapters.byName("mcp"), LOG), u -> u.getEventId().equals("mcp-evt-0004"));
    assertThat(unkeyed.getTokenId()).isNull();
    assertThat(unkeyed.getAttributes()).containsEntry("token_unfingerprinted", "true");
  }
}
