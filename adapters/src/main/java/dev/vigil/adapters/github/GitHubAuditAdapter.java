package dev.vigil.adapters.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.Reasons;
import dev.vigil.adapters.common.Attrs;
import dev.vigil.adapters.common.HttpOutcome;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.MappingException;
import dev.vigil.adapters.common.SecretShapes;
import dev.vigil.adapters.common.Sources;
import dev.vigil.adapters.common.Times;
import dev.vigil.adapters.common.UserAgents;
import dev.vigil.adapters.common.VendorAdapter;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * GitHub enterprise and organization audit log events, as audit log streaming (to S3, Azure Blob,
 * Event Hubs, Splunk, Datadog) and the audit log REST API write them.
 *
 * <ul>
 *   <li>An action by an actor is a {@link TokenUseEvent} at tool {@code github}; when it was made
 *       with a token, the token id is GitHub's {@code hashed_token} (base64 SHA-256 of the token,
 *       which GitHub publishes for exactly this correlation; not a secret).
 *   <li>{@code workflows.created_workflow_run} / {@code completed_workflow_run} are {@code
 *       TASK_STARTED} / {@code TASK_COMPLETED} of the run ({@code task_id} {@code
 *       github:<repo>/actions/runs/<id>}) for the pipeline identity {@code github-actions:<repo>}.
 *   <li>OAuth and personal-access-token grants and revocations are {@code TOKEN_ISSUED}, {@code
 *       CREDENTIAL_CREATED} and {@code TOKEN_REVOKED}; GitHub does not name the granted or revoked
 *       token by its {@code hashed_token} there, so those events carry no token id.
 * </ul>
 */
public final class GitHubAuditAdapter extends VendorAdapter {

  public static final String SOURCE = "github";
  public static final String TOOL = "github";

  private static final String ACTIONS_BOT = "github-actions[bot]";

  private static final Map<String, AuthEventKind> LIFECYCLE =
      Map.of(
          "oauth_access.create", AuthEventKind.TOKEN_ISSUED,
          "oauth_authorization.create", AuthEventKind.TOKEN_ISSUED,
          "personal_access_token.access_granted", AuthEventKind.CREDENTIAL_CREATED,
          "oauth_access.destroy", AuthEventKind.TOKEN_REVOKED,
          "oauth_authorization.destroy", AuthEventKind.TOKEN_REVOKED,
          "personal_access_token.access_revoked", AuthEventKind.TOKEN_REVOKED,
          "org_credential_authorization.revoke", AuthEventKind.TOKEN_REVOKED,
          "org_credential_authorization.deauthorize", AuthEventKind.TOKEN_REVOKED);

  /** Actions that take protection away, widen access or destroy: privileged whoever does them. */
  private static final Set<String> PRIVILEGED =
      Set.of(
          "repo.destroy",
          "repo.access",
          "repo.transfer",
          "protected_branch.destroy",
          "protected_branch.policy_override",
          "repository_ruleset.destroy",
          "org.add_member",
          "org.update_member",
          "org.update_default_repository_permission",
          "org.remove_billing_manager",
          "business.add_admin",
          "hook.create",
          "integration_installation.create",
          "secret_scanning.disable",
          "repository_secret_scanning.disable",
          "org.disable_two_factor_requirement");

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  protected boolean isVendorRecord(JsonNode node) {
    return node.path("action").isTextual()
        && (node.has("@timestamp") || node.has("created_at"))
        && (node.has("_document_id") || node.has("actor"));
  }

  @Override
  protected AdapterResult mapRecord(JsonNode r) {
    String action = Json.required(r, "action");
    String eventId = Json.required(r, "_document_id");
    Instant time = Times.optional(r, "@timestamp");
    if (time == null) {
      time = Times.required(r, "created_at");
    }
    if (action.equals("workflows.created_workflow_run")
        || action.equals("workflows.completed_workflow_run")) {
      return AdapterResult.mapped(workflowRun(r, action, eventId, time));
    }
    String actor = Json.text(r, "actor");
    if (actor == null) {
      return AdapterResult.skipped(Reasons.NO_ACTOR);
    }
    List<SpecificRecord> events = new ArrayList<>(2);
    AuthEventKind lifecycle = LIFECYCLE.get(action);
    boolean viaToken =
        Json.text(r, "hashed_token") != null || Json.text(r, "programmatic_access_type") != null;
    if (lifecycle == null || viaToken) {
      events.add(use(r, action, eventId, time, actor));
    }
    if (lifecycle != null) {
      events.add(lifecycle(r, action, eventId, time, actor, lifecycle));
    }
    return AdapterResult.mapped(events);
  }

  private static TokenUseEvent use(
      JsonNode r, String action, String eventId, Instant time, String actor) {
    String repo = Json.text(r, "repo");
    Outcome outcome = HttpOutcome.of(Json.longValue(r, "status_code"));
    return TokenUseEvent.newBuilder()
        .setEventId(eventId)
        .setEventTime(time)
        .setIdentityId(identity(actor, repo))
        .setIdentityType(identityType(actor, Json.text(r, "programmatic_access_type")))
        .setTokenId(tokenId(r))
        .setTool(TOOL)
        .setResource(SecretShapes.scrub(resource(r)))
        .setAction(action)
        .setPrivilege(action)
        .setPrivileged(PRIVILEGED.contains(action))
        .setOutcome(outcome)
        .setSource(source(r))
        .setAttributes(
            common(r)
                .put("github_actor", actor)
                .put("github_token_scopes", Json.text(r, "token_scopes"))
                .put("github_oauth_application_id", Json.text(r, "oauth_application_id"))
                .put("github_route", Json.text(r, "route"))
                .put("github_request_method", Json.text(r, "request_method"))
                .build())
        .build();
  }

  private static AuthEvent lifecycle(
      JsonNode r, String action, String eventId, Instant time, String actor, AuthEventKind kind) {
    // The token's owner: the user the event is about, else the actor.
    String owner = Json.text(r, "user");
    if (owner == null) {
      owner = actor;
    }
    String suffix =
        switch (kind) {
          case TOKEN_REVOKED -> "#token-revoked";
          case CREDENTIAL_CREATED -> "#credential-created";
          default -> "#token-issued";
        };
    return AuthEvent.newBuilder()
        .setEventId(eventId + suffix)
        .setEventTime(time)
        .setIdentityId(owner)
        .setIdentityType(identityType(owner, null))
        .setKind(kind)
        .setOutcome(Outcome.SUCCESS)
        .setAudience(kind == AuthEventKind.TOKEN_REVOKED ? null : TOOL)
        .setScopes(Json.strings(r, "scopes"))
        .setSource(source(r))
        .setIssuer(TOOL)
        .setAttributes(
            common(r)
                .put("github_actor", actor)
                .put("github_token_name", Json.text(r, "user_programmatic_access_name"))
                .put("github_oauth_application_id", Json.text(r, "oauth_application_id"))
                .build())
        .build();
  }

  private static AuthEvent workflowRun(JsonNode r, String action, String eventId, Instant time) {
    String repo = Json.required(r, "repo");
    String runId = Json.text(r, "workflow_run_id");
    if (runId == null) {
      throw MappingException.missing("workflow_run_id");
    }
    boolean completed = action.endsWith("completed_workflow_run");
    String conclusion = Json.text(r, "conclusion");
    Outcome outcome = Outcome.SUCCESS;
    if (completed && conclusion != null) {
      outcome =
          switch (conclusion) {
            case "success", "neutral", "skipped" -> Outcome.SUCCESS;
            default -> Outcome.FAILURE; // failure, cancelled, timed_out, startup_failure, …
          };
    }
    String workflowRef = Json.text(r, "job_workflow_ref");
    return AuthEvent.newBuilder()
        .setEventId(eventId)
        .setEventTime(time)
        .setIdentityId(pipeline(repo))
        .setIdentityType(IdentityType.CI_PIPELINE)
        .setKind(completed ? AuthEventKind.TASK_COMPLETED : AuthEventKind.TASK_STARTED)
        .setOutcome(outcome)
        .setTaskId("github:" + repo + "/actions/runs/" + runId)
        .setSource(source(r))
        .setIssuer(TOOL)
        .setAttributes(
            common(r)
                .put("github_actor", Json.text(r, "actor"))
                .put("github_workflow_id", Json.text(r, "workflow_id"))
                .put("github_workflow_name", Json.text(r, "name"))
                .put("github_workflow_ref", workflowRef)
                .put("github_run_attempt", Json.text(r, "run_attempt"))
                .put("github_run_number", Json.text(r, "run_number"))
                .put("github_trigger_event", Json.text(r, "event"))
                .put("github_head_branch", Json.text(r, "head_branch"))
                .put("github_head_sha", Json.text(r, "head_sha"))
                .put("github_conclusion", conclusion)
                .put("github_started_at", Json.text(r, "started_at"))
                .put("github_completed_at", Json.text(r, "completed_at"))
                .build())
        .build();
  }

  /**
   * The GITHUB_TOKEN of a workflow acts as {@code github-actions[bot]}: name it by its pipeline.
   */
  private static String identity(String actor, String repo) {
    return actor.equals(ACTIONS_BOT) && repo != null ? pipeline(repo) : actor;
  }

  private static String pipeline(String repo) {
    return "github-actions:" + repo;
  }

  private static IdentityType identityType(String actor, String accessType) {
    if (actor.equals(ACTIONS_BOT) || actor.startsWith("github-actions:")) {
      return IdentityType.CI_PIPELINE;
    }
    if (actor.endsWith("[bot]")) {
      return IdentityType.API_CLIENT; // a GitHub App installation
    }
    // A person's account, whether in the browser or through their own token.
    return accessType == null ? IdentityType.HUMAN : IdentityType.UNKNOWN;
  }

  /** {@code hashed_token} when GitHub recorded one; else GitHub's numeric token id, prefixed. */
  private static String tokenId(JsonNode r) {
    String hashed = Json.text(r, "hashed_token");
    if (hashed != null) {
      return hashed;
    }
    String numeric = Json.text(r, "token_id");
    return numeric == null ? null : "github-token-id:" + numeric;
  }

  private static String resource(JsonNode r) {
    String repo = Json.text(r, "repo");
    if (repo != null) {
      return repo;
    }
    String org = Json.text(r, "org");
    return org != null ? org : Json.text(r, "business");
  }

  private static dev.vigil.events.Source source(JsonNode r) {
    return Sources.of(
        Json.text(r, "actor_ip"),
        null,
        Json.text(r, "actor_location", "country_code"),
        Json.text(r, "user_agent"),
        null,
        null);
  }

  private static Attrs common(JsonNode r) {
    return Attrs.create()
        .put("github_org", Json.text(r, "org"))
        .put("github_business", Json.text(r, "business"))
        .put("github_programmatic_access_type", Json.text(r, "programmatic_access_type"))
        .put("github_operation_type", Json.text(r, "operation_type"))
        .put("github_request_id", Json.text(r, "request_id"))
        .put("github_external_identity", Json.text(r, "external_identity_nameid"))
        .put("user_agent_family", UserAgents.family(Json.text(r, "user_agent")));
  }
}
