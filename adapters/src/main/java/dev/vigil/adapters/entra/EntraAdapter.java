package dev.vigil.adapters.entra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.Reasons;
import dev.vigil.adapters.common.Attrs;
import dev.vigil.adapters.common.HttpOutcome;
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
import dev.vigil.events.TokenUseEvent;
import java.util.Locale;
import java.util.Set;

/**
 * Microsoft Entra ID sign-in logs and Microsoft Graph activity logs, in the Azure Monitor
 * diagnostic-settings form ({@code {"category": …, "properties": {…}}}, as Event Hubs and storage
 * exports write it, usually inside {@code {"records": […]}}) or as Graph's {@code signIn} resource.
 *
 * <ul>
 *   <li>Service-principal and managed-identity sign-ins are token issuances ({@code TOKEN_ISSUED}):
 *       the token id is {@code uniqueTokenIdentifier} (the token's {@code uti} claim, not a
 *       secret), the audience the resource signed in to. A non-zero {@code status.errorCode} makes
 *       a failed {@code LOGIN}.
 *   <li>User sign-ins (interactive and non-interactive) are {@code LOGIN}s.
 *   <li>Graph activity log entries are uses of the token whose sign-in {@code signInActivityId}
 *       names (the same {@code uti}), at tool {@code microsoft-graph}: one token seen at sign-in
 *       and at use, so a token replayed from elsewhere shows as two networks.
 * </ul>
 */
public final class EntraAdapter extends VendorAdapter {

  public static final String SOURCE = "entra";
  public static final String GRAPH_TOOL = "microsoft-graph";

  private static final Set<String> APP_SIGN_INS =
      Set.of("ServicePrincipalSignInLogs", "ManagedIdentitySignInLogs");
  private static final Set<String> USER_SIGN_INS =
      Set.of("SignInLogs", "NonInteractiveUserSignInLogs");
  private static final String GRAPH_ACTIVITY = "MicrosoftGraphActivityLogs";

  /** Error codes where Entra refused an identity that authenticated (policy, not credentials). */
  private static final Set<String> DENIAL_CODES =
      Set.of("53003", "53000", "53001", "50105", "50097", "65001", "7000112", "500014");

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  protected boolean isVendorRecord(JsonNode node) {
    if (node.path("category").isTextual() && node.path("properties").isObject()) {
      return true;
    }
    // Graph's signIn resource.
    return node.has("createdDateTime")
        && (node.has("appId") || node.has("servicePrincipalId") || node.has("userPrincipalName"));
  }

  @Override
  protected AdapterResult mapRecord(JsonNode r) {
    boolean monitorForm = r.path("properties").isObject() && r.path("category").isTextual();
    String category = monitorForm ? Json.text(r, "category") : graphCategory(r);
    JsonNode p = monitorForm ? r.path("properties") : r;
    if (APP_SIGN_INS.contains(category)) {
      return AdapterResult.mapped(appSignIn(r, p, category));
    }
    if (USER_SIGN_INS.contains(category)) {
      return AdapterResult.mapped(userSignIn(r, p, category));
    }
    if (GRAPH_ACTIVITY.equals(category)) {
      return AdapterResult.mapped(graphActivity(r, p));
    }
    return AdapterResult.skipped(Reasons.IRRELEVANT_EVENT_TYPE);
  }

  private static AuthEvent appSignIn(JsonNode r, JsonNode p, String category) {
    boolean managed = category.startsWith("Managed");
    String spId = firstOf(Json.text(p, "servicePrincipalId"), Json.text(p, "appId"));
    String identity =
        (managed ? "entra:mi/" : "entra:sp/") + required(spId, "properties.servicePrincipalId");
    String error = errorCode(r, p);
    return signIn(r, p, error)
        .setIdentityId(identity)
        .setIdentityType(managed ? IdentityType.WORKLOAD : IdentityType.SERVICE_ACCOUNT)
        .setKind(failed(error) ? AuthEventKind.LOGIN : AuthEventKind.TOKEN_ISSUED)
        .setAttributes(
            common(r, p, error)
                .put("entra_app_id", Json.text(p, "appId"))
                .put(
                    "entra_service_principal_name",
                    firstOf(Json.text(p, "servicePrincipalName"), Json.text(p, "appDisplayName")))
                .put("entra_client_credential_type", Json.text(p, "clientCredentialType"))
                .put("entra_credential_key_id", Json.text(p, "servicePrincipalCredentialKeyId"))
                .put(
                    "entra_credential_thumbprint",
                    Json.text(p, "servicePrincipalCredentialThumbprint"))
                .put("entra_federated_credential_id", Json.text(p, "federatedCredentialId"))
                .put(
                    "entra_resource_id",
                    firstOf(Json.text(p, "resourceId"), Json.text(p, "resourceIdentity")))
                .build())
        .build();
  }

  private static AuthEvent userSignIn(JsonNode r, JsonNode p, String category) {
    String user = firstOf(Json.text(p, "userPrincipalName"), Json.text(p, "userId"));
    String error = errorCode(r, p);
    return signIn(r, p, error)
        .setIdentityId(required(user, "properties.userPrincipalName"))
        .setIdentityType(IdentityType.HUMAN)
        .setKind(AuthEventKind.LOGIN)
        .setAttributes(
            common(r, p, error)
                .put("entra_app_id", Json.text(p, "appId"))
                .put("entra_app_name", Json.text(p, "appDisplayName"))
                .flag("entra_non_interactive", category.startsWith("NonInteractive"))
                .build())
        .build();
  }

  /**
   * What a sign-in says the same way whoever signed in: its id and time (read first, so a record
   * missing them is reported as such), outcome, token, resource, network and tenant.
   */
  private static AuthEvent.Builder signIn(JsonNode r, JsonNode p, String error) {
    boolean failed = failed(error);
    return AuthEvent.newBuilder()
        .setEventId(Json.required(p, "id"))
        .setEventTime(time(r, p))
        .setOutcome(
            failed
                ? (DENIAL_CODES.contains(error) ? Outcome.DENIED : Outcome.FAILURE)
                : Outcome.SUCCESS)
        .setTokenId(failed ? null : Json.text(p, "uniqueTokenIdentifier"))
        .setAudience(resource(p))
        .setSource(source(r, p))
        .setIssuer(issuer(p));
  }

  private static boolean failed(String error) {
    return error != null && !error.equals("0");
  }

  private static TokenUseEvent graphActivity(JsonNode r, JsonNode p) {
    String user = Json.text(p, "userId");
    String sp = Json.text(p, "servicePrincipalId");
    String identity =
        user != null ? user : "entra:sp/" + required(sp, "properties.servicePrincipalId");
    String method = firstOf(Json.text(p, "requestMethod"), "GET").toUpperCase(Locale.ROOT);
    String path = path(Json.text(p, "requestUri"));
    String resourceType = resourceType(path);
    Long status = Json.longValue(p, "responseStatusCode");
    Outcome outcome = HttpOutcome.of(status);
    return TokenUseEvent.newBuilder()
        .setEventId(firstOf(Json.text(p, "requestId"), Json.required(p, "operationId")))
        .setEventTime(time(r, p))
        .setIdentityId(identity)
        .setIdentityType(user != null ? IdentityType.HUMAN : IdentityType.SERVICE_ACCOUNT)
        .setTokenId(Json.text(p, "signInActivityId"))
        .setTool(GRAPH_TOOL)
        .setResource(SecretShapes.scrub(path))
        .setAction(method + " " + resourceType)
        .setPrivilege("graph:" + method + ":" + resourceType)
        .setPrivileged(!method.equals("GET") && PRIVILEGED_GRAPH.contains(resourceType))
        .setOutcome(outcome)
        .setSource(
            Sources.of(
                Json.text(p, "ipAddress"), null, country(p), Json.text(p, "userAgent"), null, null))
        .setAttributes(
            Attrs.create()
                .put("entra_app_id", Json.text(p, "appId"))
                .put("entra_service_principal_id", sp)
                .put("entra_roles", Json.text(p, "roles"))
                .put("entra_scopes", Json.text(p, "scopes"))
                .put("entra_token_issued_at", Json.text(p, "tokenIssuedAt"))
                .put("entra_status_code", status)
                .put("entra_tenant_id", Json.text(p, "tenantId"))
                .put("user_agent_family", UserAgents.family(Json.text(p, "userAgent")))
                .build())
        .build();
  }

  private static final Set<String> PRIVILEGED_GRAPH =
      Set.of(
          "applications",
          "serviceprincipals",
          "rolemanagement",
          "directoryroles",
          "oauth2permissiongrants",
          "identity",
          "policies",
          "domains",
          "groups");

  /**
   * The Graph resource collection a request touches: {@code /v1.0/users/{id}/…} → {@code users}.
   */
  private static String resourceType(String path) {
    if (path == null) {
      return "unknown";
    }
    String[] parts = path.split("/");
    for (String part : parts) {
      if (part.isEmpty() || part.equals("v1.0") || part.equals("beta")) {
        continue;
      }
      return part.toLowerCase(Locale.ROOT);
    }
    return "unknown";
  }

  /** The path of a request URI, without host or query (queries can carry search terms). */
  private static String path(String uri) {
    if (uri == null) {
      return null;
    }
    String path = uri;
    int scheme = path.indexOf("://");
    if (scheme >= 0) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /**
   * The resource as the tool it is: {@code Microsoft Graph} → {@code microsoft-graph}, so a Graph
   * token and Graph activity agree on the name the audience-mismatch rule compares.
   */
  private static String resource(JsonNode p) {
    String name = Json.text(p, "resourceDisplayName");
    if (name == null) {
      return firstOf(Json.text(p, "resourceId"), Json.text(p, "resourceIdentity"));
    }
    return name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  private static java.time.Instant time(JsonNode r, JsonNode p) {
    java.time.Instant time = Times.optional(p, "createdDateTime");
    if (time == null) {
      time = Times.optional(p, "activityDateTime");
    }
    return time != null ? time : Times.required(r, "time");
  }

  private static String errorCode(JsonNode r, JsonNode p) {
    String code = Json.text(p, "status", "errorCode");
    if (code == null) {
      code = Json.text(r, "resultType");
    }
    return code;
  }

  private static String issuer(JsonNode p) {
    String tenant = firstOf(Json.text(p, "resourceTenantId"), Json.text(p, "homeTenantId"));
    return tenant == null ? "entra" : "entra:" + tenant;
  }

  private static dev.vigil.events.Source source(JsonNode r, JsonNode p) {
    return Sources.of(
        firstOf(Json.text(p, "ipAddress"), Json.text(r, "callerIpAddress")),
        null,
        country(p),
        Json.text(p, "userAgent"),
        null,
        null);
  }

  /**
   * Sign-in locations are {@code "US"} in some exports and {@code {"countryOrRegion": "US"}} in
   * others.
   */
  private static String country(JsonNode p) {
    JsonNode location = p.path("location");
    return location.isObject() ? Json.text(location, "countryOrRegion") : Json.text(location);
  }

  private static Attrs common(JsonNode r, JsonNode p, String error) {
    return Attrs.create()
        .put("entra_error_code", error == null || error.equals("0") ? null : error)
        .put("entra_failure_reason", Json.text(p, "status", "failureReason"))
        .put("entra_correlation_id", Json.text(p, "correlationId"))
        .put("entra_conditional_access_status", Json.text(p, "conditionalAccessStatus"))
        .put("entra_tenant_id", firstOf(Json.text(r, "tenantId"), Json.text(p, "homeTenantId")))
        .put("user_agent_family", UserAgents.family(Json.text(p, "userAgent")));
  }

  /** Graph's signIn resource has no category: {@code signInEventTypes} says which kind it is. */
  private static String graphCategory(JsonNode r) {
    for (String type : Json.strings(r, "signInEventTypes")) {
      if (type.equals("servicePrincipal")) {
        return "ServicePrincipalSignInLogs";
      }
      if (type.equals("managedIdentity")) {
        return "ManagedIdentitySignInLogs";
      }
      if (type.equals("nonInteractiveUser")) {
        return "NonInteractiveUserSignInLogs";
      }
    }
    return Json.text(r, "userPrincipalName") != null ? "SignInLogs" : "ServicePrincipalSignInLogs";
  }

  private static String required(String value, String path) {
    if (value == null) {
      throw dev.vigil.adapters.common.MappingException.missing(path);
    }
    return value;
  }

  private static String firstOf(String a, String b) {
    return a != null ? a : b;
  }
}
