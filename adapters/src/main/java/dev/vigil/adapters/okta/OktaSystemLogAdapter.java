package dev.vigil.adapters.okta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.Reasons;
import dev.vigil.adapters.TokenFingerprints;
import dev.vigil.adapters.common.Attrs;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.SecretShapes;
import dev.vigil.adapters.common.Sources;
import dev.vigil.adapters.common.Times;
import dev.vigil.adapters.common.UserAgents;
import dev.vigil.adapters.common.VendorAdapter;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.Set;

/**
 * Okta System Log events ({@code LogEvent}), as the {@code /api/v1/logs} API pages them, Log
 * Streaming to EventBridge or Splunk delivers them, or event hooks post them.
 *
 * <ul>
 *   <li>OAuth token grants ({@code app.oauth2[.as].token.grant.access_token} / {@code
 *       refresh_token}) are {@code TOKEN_ISSUED}: the token id is the {@code id} of the grant's
 *       {@code access_token}/{@code refresh_token} target (Okta's token id, not the token), its
 *       expiry that target's {@code detailEntry.expires}, the scopes {@code
 *       debugContext.debugData.grantedScopes}. Failed grants are failed {@code LOGIN}s of the
 *       client.
 *   <li>{@code …token.revoke} is {@code TOKEN_REVOKED}; {@code system.api_token.create} / {@code
 *       revoke} are {@code CREDENTIAL_CREATED} / {@code TOKEN_REVOKED} of an SSWS API token.
 *   <li>Any event performed with an SSWS API token ({@code transaction.detail.requestApiTokenId})
 *       is also a use of that token at tool {@code okta}.
 *   <li>Sign-ins ({@code user.session.start}, {@code user.authentication.*}) are {@code LOGIN}s.
 * </ul>
 *
 * Okta gives the client's ASN ({@code securityContext.asNumber}) itself. The session id ({@code
 * authenticationContext.externalSessionId}) is kept only as a {@link TokenFingerprints}
 * fingerprint.
 */
public final class OktaSystemLogAdapter extends VendorAdapter {

  public static final String SOURCE = "okta";
  public static final String TOOL = "okta";

  private static final Set<String> TOKEN_TARGETS =
      Set.of("access_token", "refresh_token", "id_token");

  private final TokenFingerprints fingerprints;

  public OktaSystemLogAdapter(TokenFingerprints fingerprints) {
    this.fingerprints = fingerprints;
  }

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  protected boolean isVendorRecord(JsonNode node) {
    return node.has("eventType")
        && node.has("published")
        && (node.has("uuid") || node.has("actor"));
  }

  @Override
  protected AdapterResult mapRecord(JsonNode r) {
    Event e = new Event(r);
    Outcome outcome = e.outcome();
    if (outcome == null) {
      return AdapterResult.skipped(Reasons.INCONCLUSIVE_OUTCOME);
    }
    String type = e.type();
    String apiTokenId = Json.text(r, "transaction", "detail", "requestApiTokenId");
    AuthEvent auth = null;
    if (type.startsWith("app.oauth2.") && type.contains(".token.grant")) {
      if (type.endsWith(".id_token") && outcome == Outcome.SUCCESS) {
        return AdapterResult.skipped(Reasons.ID_TOKEN_GRANT);
      }
      auth = outcome == Outcome.SUCCESS ? grant(e) : login(e, outcome);
    } else if (type.startsWith("app.oauth2.") && type.contains(".token.revoke")) {
      auth = tokenEvent(e, AuthEventKind.TOKEN_REVOKED, tokenTarget(r), outcome);
    } else if (type.equals("system.api_token.create")) {
      auth = tokenEvent(e, AuthEventKind.CREDENTIAL_CREATED, target(r, "Token"), outcome);
    } else if (type.equals("system.api_token.revoke")) {
      auth = tokenEvent(e, AuthEventKind.TOKEN_REVOKED, target(r, "Token"), outcome);
    } else if (type.equals("user.session.start") || type.startsWith("user.authentication.")) {
      auth = login(e, outcome);
    }
    TokenUseEvent use = apiTokenId == null ? null : apiTokenUse(e, apiTokenId, outcome);
    if (auth == null && use == null) {
      return AdapterResult.skipped(Reasons.IRRELEVANT_EVENT_TYPE);
    }
    return auth == null
        ? AdapterResult.mapped(use)
        : use == null ? AdapterResult.mapped(auth) : AdapterResult.mapped(use, auth);
  }

  private AuthEvent grant(Event e) {
    JsonNode r = e.record();
    JsonNode token = tokenTarget(r);
    JsonNode debug = r.path("debugContext").path("debugData");
    JsonNode server = target(r, "AuthorizationServer");
    JsonNode user = target(r, "User");
    return AuthEvent.newBuilder()
        .setEventId(e.id())
        .setEventTime(e.time())
        .setIdentityId(e.actorId())
        .setIdentityType(e.actorType())
        .setKind(AuthEventKind.TOKEN_ISSUED)
        .setOutcome(Outcome.SUCCESS)
        .setTokenId(Json.text(token, "id"))
        .setTokenExpiresAt(Times.optional(token, "detailEntry", "expires"))
        .setAudience(Json.text(debug, "audience"))
        .setScopes(Json.strings(debug, "grantedScopes"))
        .setSource(e.source())
        .setIssuer(Json.text(server, "id") != null ? "okta:" + Json.text(server, "id") : TOOL)
        .setAttributes(
            e.attributes()
                .put("okta_token_type", Json.text(token, "type"))
                .put("okta_grant_type", Json.text(debug, "grantType"))
                .put("okta_client_auth_type", Json.text(debug, "clientAuthType"))
                .put("okta_authorization_server", Json.text(server, "displayName"))
                .put("okta_on_behalf_of", onBehalfOf(r, user))
                .build())
        .build();
  }

  private AuthEvent login(Event e, Outcome outcome) {
    JsonNode r = e.record();
    return AuthEvent.newBuilder()
        .setEventId(e.id())
        .setEventTime(e.time())
        .setIdentityId(e.actorId())
        .setIdentityType(e.actorType())
        .setKind(AuthEventKind.LOGIN)
        .setOutcome(outcome)
        .setSource(e.source())
        .setIssuer(TOOL)
        .setAttributes(
            e.attributes()
                .put(
                    "okta_credential_type", Json.text(r, "authenticationContext", "credentialType"))
                .put("okta_grant_type", Json.text(r, "debugContext", "debugData", "grantType"))
                .build())
        .build();
  }

  private AuthEvent tokenEvent(Event e, AuthEventKind kind, JsonNode token, Outcome outcome) {
    return AuthEvent.newBuilder()
        .setEventId(e.id())
        .setEventTime(e.time())
        .setIdentityId(e.actorId())
        .setIdentityType(e.actorType())
        .setKind(kind)
        .setOutcome(outcome)
        .setTokenId(Json.text(token, "id"))
        .setTokenExpiresAt(Times.optional(token, "detailEntry", "expires"))
        .setSource(e.source())
        .setIssuer(TOOL)
        .setAttributes(
            e.attributes()
                .put("okta_token_type", Json.text(token, "type"))
                .put("okta_token_name", Json.text(token, "displayName"))
                .build())
        .build();
  }

  private TokenUseEvent apiTokenUse(Event e, String apiTokenId, Outcome outcome) {
    JsonNode r = e.record();
    JsonNode first = r.path("target").path(0);
    return TokenUseEvent.newBuilder()
        .setEventId(e.id() + "#api-token-use")
        .setEventTime(e.time())
        .setIdentityId(e.actorId())
        .setIdentityType(e.actorType())
        .setTokenId(apiTokenId)
        .setTool(TOOL)
        .setResource(SecretShapes.scrub(alternateOrId(first)))
        .setAction(e.type())
        .setPrivilege(e.type())
        .setPrivileged(
            e.type().startsWith("user.account.privilege.")
                || e.type().startsWith("system.api_token.")
                || e.type().startsWith("application.policy.")
                || e.type().startsWith("policy.lifecycle."))
        .setOutcome(outcome)
        .setSource(e.source())
        .setAttributes(
            e.attributes()
                .put("okta_request_uri", Json.text(r, "debugContext", "debugData", "requestUri"))
                .build())
        .build();
  }

  /** The user a client or agent obtained the token for, when that is not the actor itself. */
  private static String onBehalfOf(JsonNode r, JsonNode user) {
    if (!"User".equals(Json.text(user, "type"))) {
      return null;
    }
    String userId = Json.text(user, "id");
    return userId != null && userId.equals(Json.text(r, "actor", "id"))
        ? null
        : alternateOrId(user);
  }

  private static JsonNode tokenTarget(JsonNode r) {
    for (JsonNode target : r.path("target")) {
      // Set.of(...).contains(null) throws: a target without a type is simply not a token.
      String type = Json.text(target, "type");
      if (type != null && TOKEN_TARGETS.contains(type)) {
        return target;
      }
    }
    return r.path("target").path(-1);
  }

  private static JsonNode target(JsonNode r, String type) {
    for (JsonNode target : r.path("target")) {
      if (type.equals(Json.text(target, "type"))) {
        return target;
      }
    }
    return r.path("target").path(-1);
  }

  private static String alternateOrId(JsonNode entity) {
    String alternate = Json.text(entity, "alternateId");
    return alternate != null && !alternate.equalsIgnoreCase("unknown")
        ? alternate
        : Json.text(entity, "id");
  }

  /** The fields of a LogEvent every mapping reads. */
  private final class Event {
    private final JsonNode record;
    private final String id;
    private final Instant time;
    private final String type;

    private Event(JsonNode record) {
      this.record = record;
      this.id = Json.required(record, "uuid");
      this.time = Times.required(record, "published");
      this.type = Json.required(record, "eventType");
    }

    JsonNode record() {
      return record;
    }

    String id() {
      return id;
    }

    Instant time() {
      return time;
    }

    String type() {
      return type;
    }

    /** SUCCESS/ALLOW, FAILURE, DENY; null for CHALLENGE, SKIPPED, UNKNOWN (not yet an outcome). */
    Outcome outcome() {
      String result = Json.text(record, "outcome", "result");
      if (result == null) {
        return Outcome.SUCCESS;
      }
      return switch (result) {
        case "SUCCESS", "ALLOW" -> Outcome.SUCCESS;
        case "FAILURE" -> Outcome.FAILURE;
        case "DENY" -> Outcome.DENIED;
        default -> null;
      };
    }

    String actorId() {
      String id = alternateOrId(record.path("actor"));
      if (id == null) {
        throw dev.vigil.adapters.common.MappingException.missing("actor.id");
      }
      return id;
    }

    IdentityType actorType() {
      String type = Json.text(record, "actor", "type");
      if (type == null) {
        return IdentityType.UNKNOWN;
      }
      return switch (type) {
        case "User" -> IdentityType.HUMAN;
        case "PublicClientApp", "AppInstance", "Client", "ServiceApp" -> IdentityType.API_CLIENT;
        case "WorkloadIdentityPrincipal", "AiAgent", "AIAgent" -> IdentityType.AI_AGENT;
        case "SystemPrincipal" -> IdentityType.SERVICE_ACCOUNT;
        default -> IdentityType.UNKNOWN;
      };
    }

    Source source() {
      JsonNode client = record.path("client");
      return Sources.of(
          Json.text(client, "ipAddress"),
          Json.longValue(record, "securityContext", "asNumber"),
          null, // Okta names countries ("United States"), not ISO codes; the enricher fills it
          Json.text(client, "userAgent", "rawUserAgent"),
          null,
          null);
    }

    Attrs attributes() {
      String ua = Json.text(record, "client", "userAgent", "rawUserAgent");
      return Attrs.create()
          .put("okta_event_type", type)
          .put("okta_outcome_reason", Json.text(record, "outcome", "reason"))
          .put("okta_as_org", Json.text(record, "securityContext", "asOrg"))
          .flag("okta_is_proxy", Json.isTrue(record, "securityContext", "isProxy"))
          .put("okta_country_name", Json.text(record, "client", "geographicalContext", "country"))
          .put("okta_request_id", Json.text(record, "debugContext", "debugData", "requestId"))
          .put("okta_transaction_id", Json.text(record, "transaction", "id"))
          .put(
              "okta_session_fingerprint",
              fingerprints.fingerprint(
                  Json.text(record, "authenticationContext", "externalSessionId")))
          .put("user_agent_family", UserAgents.family(ua));
    }
  }
}
