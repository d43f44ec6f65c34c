package dev.vigil.adapters.github;

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

/** GitHub audit log fixtures (see fixtures/github/README.md). */
class GitHubAuditAdapterTest {

  private static final String LOG = "/fixtures/github/audit-log-stream.jsonl";
  private static final String PAT_HASH = "kF3v8nV0p1Yb3Qx2cJ5tW9mR7sL4aE6dH8gK0zU2iO4=";

  private final SourceAdapter adapter = SourceAdapters.byName("github");
  private final List<AdapterResult> results = mapAll(adapter, LOG);

  @Test
  void everyEventIsAccountedFor() {
    assertThat(accounting(results))
        .containsExactlyInAnyOrderEntriesOf(Map.of("MAPPED", 8, "SKIPPED:no-actor", 1));
    assertThat(Fixtures.eventKinds(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "use",
                4,
                "TASK_STARTED",
                1,
                "TASK_COMPLETED",
                1,
                "TOKEN_REVOKED",
                1,
                "CREDENTIAL_CREATED",
                1));
  }

  @Test
  void tokenUsesAreKeyedByGithubsHashedToken() {
    TokenUseEvent push = use(results, u -> u.getAction().equals("git.push"));
    assertThat(push.getEventId()).isEqualTo("Xq1lZ0-pUsh1-9a8b7c6d5e4f");
    assertThat(push.getEventTime()).isEqualTo(Instant.ofEpochMilli(1733044800123L));
    assertThat(push.getIdentityId()).isEqualTo("deploy-bot-user");
    assertThat(push.getTokenId()).isEqualTo(PAT_HASH);
    assertThat(push.getTool()).isEqualTo("github");
    assertThat(push.getResource()).isEqualTo("acme/payments");
    assertThat(push.getSource().getIp()).isEqualTo("203.0.113.9");
    assertThat(push.getSource().getCountry()).isEqualTo("DE"); // GitHub records the country itself
    assertThat(push.getAttributes()).containsEntry("github_token_scopes", "repo,workflow");

    // The same token from another country a few minutes later, destroying a repository.
    TokenUseEvent destroy = use(results, u -> u.getAction().equals("repo.destroy"));
    assertThat(destroy.getTokenId()).isEqualTo(PAT_HASH);
    assertThat(destroy.getSource().getCountry()).isEqualTo("BR");
    assertThat(destroy.getPrivileged()).isTrue();
  }

  @Test
  void workflowRunsAreTasksOfTheirPipeline() {
    AuthEvent started = auth(results, a -> a.getKind() == AuthEventKind.TASK_STARTED);
    AuthEvent completed = auth(results, a -> a.getKind() == AuthEventKind.TASK_COMPLETED);
    assertThat(started.getTaskId())
        .isEqualTo(completed.getTaskId())
        .isEqualTo("github:acme/payments/actions/runs/9876543210");
    assertThat(started.getIdentityId()).isEqualTo("github-actions:acme/payments");
    assertThat(started.getIdentityType()).isEqualTo(IdentityType.CI_PIPELINE);
    assertThat(completed.getOutcome()).isEqualTo(Outcome.FAILURE);
    assertThat(completed.getAttributes())
        .containsEntry("github_conclusion", "failure")
        .containsEntry(
            "github_workflow_ref", "acme/payments/.github/workflows/deploy.yml@refs/heads/main");
    // The workflow's GITHUB_TOKEN acts as github-actions[bot]: named as the same pipeline.
    TokenUseEvent fetch = use(results, u -> u.getAction().equals("git.fetch"));
    assertThat(fetch.getIdentityId()).isEqualTo(started.getIdentityId());
    assertThat(fetch.getIdentityType()).isEqualTo(IdentityType.CI_PIPELINE);
  }

  @Test
  void tokenLifecycleEventsAndAppInstallations() {
    AuthEvent revoked = auth(results, a -> a.getKind() == AuthEventKind.TOKEN_REVOKED);
    assertThat(revoked.getIdentityId()).isEqualTo("alice");
    assertThat(revoked.getTokenId()).isNull(); // GitHub does not name the revoked token by hash
    assertThat(revoked.getEventId()).isEqualTo("Cv6qE5-oAu6-4f3a2b1c0d9e#token-revoked");
    AuthEvent granted = auth(results, a -> a.getKind() == AuthEventKind.CREDENTIAL_CREATED);
    assertThat(granted.getAttributes()).containsEntry("github_token_name", "release-automation");
    TokenUseEvent app = use(results, u -> u.getAction().equals("protected_branch.destroy"));
    assertThat(app.getIdentityType()).isEqualTo(IdentityType.API_CLIENT);
    assertThat(app.getPrivileged()).isTrue();
  }

  @Test
  void noSecrets() {
    NoSecrets.assertNoSecretsIn(results);
  }
}
