package dev.vigil.adapters.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.Reasons;
import dev.vigil.adapters.common.Attrs;
import dev.vigil.adapters.common.HttpOutcome;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.Jwts;
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

/**
 * Kubernetes API server audit events: the native {@code audit.k8s.io/v1} Event (log files, webhook
 * backends, EKS via CloudWatch Logs, AKS via diagnostic settings) and GKE's Cloud Logging entries.
 *
 * <ul>
 *   <li>Only the final stage of a request is mapped (ResponseComplete, or Panic as a failure): the
 *       same {@code auditID} repeats on RequestReceived and ResponseStarted, which are skipped, so
 *       the audit id is a stable event id.
 *   <li>Every authenticated request is a {@link TokenUseEvent} at tool {@code kubernetes}; the
 *       token id is the authenticator's credential id ({@code JTI=…} for service-account tokens,
 *       {@code X509SHA256=…} for client certificates).
 *   <li>A TokenRequest ({@code create serviceaccounts/token}) adds a {@code TOKEN_ISSUED} for the
 *       minted token, bound to the pod named in the request when there is one.
 * </ul>
 *
 * The pod a bound token names ({@code authentication.kubernetes.io/pod-name}) travels inside the
 * token, so on a use it says where the token was issued to, not who presented it: it is kept as an
 * attribute, never as the caller's {@code workload_id}. A client certificate is proven by the TLS
 * handshake, so its thumbprint is the use's {@code binding}.
 */
public final class KubernetesAuditAdapter extends VendorAdapter {

  public static final String SOURCE = "kubernetes";
  public static final String TOOL = "kubernetes";

  static final String FINAL_STAGE = "ResponseComplete";
  private static final String PANIC = "Panic";

  static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";
  static final String ISSUED_CREDENTIAL_ID = "authentication.kubernetes.io/issued-credential-id";
  private static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  private static final String POD_UID = "authentication.kubernetes.io/pod-uid";
  private static final String NODE_NAME = "authentication.kubernetes.io/node-name";

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  protected boolean isVendorRecord(JsonNode node) {
    return NativeAuditEvents.recognises(node) || GkeAuditEntries.recognises(node);
  }

  @Override
  protected AdapterResult mapRecord(JsonNode record) {
    KubeRequest r =
        GkeAuditEntries.recognises(record)
            ? GkeAuditEntries.read(record)
            : NativeAuditEvents.read(record);
    if (!r.stage().equals(FINAL_STAGE) && !r.stage().equals(PANIC)) {
      return AdapterResult.skipped(Reasons.NON_FINAL_STAGE);
    }
    if (r.username().equals("system:anonymous")) {
      return AdapterResult.skipped(Reasons.UNAUTHENTICATED);
    }
    List<org.apache.avro.specific.SpecificRecord> events = new ArrayList<>(2);
    events.add(use(r));
    AuthEvent issued = tokenRequest(r);
    if (issued != null) {
      events.add(issued);
    }
    return AdapterResult.mapped(events);
  }

  private static TokenUseEvent use(KubeRequest r) {
    String credentialId = r.extra(CREDENTIAL_ID);
    String binding =
        credentialId != null && credentialId.startsWith("X509SHA256=")
            ? "x5t#S256:" + credentialId.substring("X509SHA256=".length())
            : null;
    String eventId = r.stage().equals(PANIC) ? r.auditId() + "#" + PANIC : r.auditId();
    return TokenUseEvent.newBuilder()
        .setEventId(eventId)
        .setEventTime(r.time())
        .setIdentityId(r.username())
        .setIdentityType(identityType(r.username()))
        .setTokenId(credentialId)
        .setTool(TOOL)
        .setResource(resource(r))
        .setAction(r.verb() == null ? "unknown" : r.verb())
        .setPrivilege(privilege(r))
        .setPrivileged(KubePrivileges.privileged(r))
        .setOutcome(outcome(r))
        .setSource(Sources.of(r.sourceIp(), null, null, r.userAgent(), null, binding))
        .setAttributes(
            Attrs.create()
                .put("k8s_stage", r.stage())
                .put("k8s_status_code", r.statusCode())
                .put("k8s_api_group", r.apiGroup())
                .put("k8s_namespace", r.namespace())
                .put("credential_context", podContext(r.extra(POD_NAME), r.username()))
                .put("k8s_bound_pod_uid", r.extra(POD_UID))
                .put("k8s_bound_node", r.extra(NODE_NAME))
                .put("k8s_impersonated_user", r.impersonatedUser())
                .put("k8s_authorization_reason", r.annotation("authorization.k8s.io/reason"))
                .put("user_agent_family", UserAgents.family(r.userAgent()))
                .build())
        .build();
  }

  /**
   * A successful TokenRequest: the token's id from the audit annotation Kubernetes adds (1.29+),
   * else from the {@code jti} claim of the token in the response (RequestResponse level, read and
   * dropped: the token is never copied).
   */
  private static AuthEvent tokenRequest(KubeRequest r) {
    if (!"serviceaccounts".equals(r.resource())
        || !"token".equals(r.subresource())
        || !"create".equals(r.verb())
        || outcome(r) != Outcome.SUCCESS
        || r.stage().equals(PANIC)) {
      return null;
    }
    JsonNode spec = r.requestObject().path("spec");
    JsonNode status = r.responseObject().path("status");
    JsonNode claims = Jwts.claims(Json.text(status, "token"));
    String tokenId = r.annotation(ISSUED_CREDENTIAL_ID);
    if (tokenId == null && Json.text(claims, "jti") != null) {
      tokenId = "JTI=" + Json.text(claims, "jti");
    }
    Instant expires = Times.optional(status, "expirationTimestamp");
    if (expires == null) {
      expires = Times.optional(claims, "exp");
    }
    if (expires == null && Json.longValue(spec, "expirationSeconds") != null) {
      expires = r.time().plusSeconds(Json.longValue(spec, "expirationSeconds"));
    }
    List<String> audiences = Json.strings(spec, "audiences");
    if (audiences.isEmpty()) {
      audiences = Json.strings(claims, "aud");
    }
    String podName = null;
    if ("Pod".equals(Json.text(spec, "boundObjectRef", "kind"))) {
      podName = Json.text(spec, "boundObjectRef", "name");
    }
    if (podName == null) {
      podName = Json.text(claims, "kubernetes.io", "pod", "name");
    }
    String namespace = r.namespace();
    String serviceAccount = r.name();
    String workload =
        podName != null && namespace != null ? "k8s:pod/" + namespace + "/" + podName : null;
    return AuthEvent.newBuilder()
        .setEventId(r.auditId() + "#token-issued")
        .setEventTime(r.time())
        .setIdentityId(
            namespace != null && serviceAccount != null
                ? "system:serviceaccount:" + namespace + ":" + serviceAccount
                : r.username())
        .setIdentityType(IdentityType.SERVICE_ACCOUNT)
        .setKind(AuthEventKind.TOKEN_ISSUED)
        .setOutcome(Outcome.SUCCESS)
        .setTokenId(tokenId)
        .setTokenExpiresAt(expires)
        .setAudience(audiences.isEmpty() ? null : audiences.get(0))
        .setSource(Sources.of(r.sourceIp(), null, null, r.userAgent(), workload, null))
        .setIssuer(Json.text(claims, "iss") != null ? Json.text(claims, "iss") : TOOL)
        .setAttributes(
            Attrs.create()
                .put("k8s_requested_by", r.username())
                .put("k8s_bound_object_kind", Json.text(spec, "boundObjectRef", "kind"))
                .put("k8s_bound_object_name", Json.text(spec, "boundObjectRef", "name"))
                .put("credential_context", workload)
                .put("k8s_audiences", audiences.size() > 1 ? String.join(",", audiences) : null)
                .build())
        .build();
  }

  static IdentityType identityType(String username) {
    if (username.startsWith("system:serviceaccount:")) {
      return IdentityType.SERVICE_ACCOUNT;
    }
    if (username.startsWith("system:node:")) {
      return IdentityType.WORKLOAD;
    }
    if (username.startsWith("system:")) {
      return IdentityType.SERVICE_ACCOUNT; // control-plane components
    }
    if (username.endsWith(".gserviceaccount.com")) {
      return IdentityType.SERVICE_ACCOUNT;
    }
    return username.contains("@") ? IdentityType.HUMAN : IdentityType.UNKNOWN;
  }

  private static Outcome outcome(KubeRequest r) {
    if (r.denied()) {
      return Outcome.DENIED;
    }
    if (r.stage().equals(PANIC)) {
      return Outcome.FAILURE;
    }
    return HttpOutcome.of(r.statusCode());
  }

  /** {@code namespaces/default/pods/web-0/exec}, {@code clusterrolebindings/admin}, or the URI. */
  private static String resource(KubeRequest r) {
    if (r.resource() == null) {
      return SecretShapes.scrub(stripQuery(r.requestUri()));
    }
    StringBuilder out = new StringBuilder();
    if (r.namespace() != null) {
      out.append("namespaces/").append(r.namespace()).append('/');
    }
    out.append(r.resource());
    if (r.name() != null) {
      out.append('/').append(r.name());
    }
    if (r.subresource() != null) {
      out.append('/').append(r.subresource());
    }
    return out.toString();
  }

  /** {@code secrets:get}, {@code pods/exec:create}; {@code nonresource:/healthz:get}. */
  private static String privilege(KubeRequest r) {
    String verb = r.verb() == null ? "unknown" : r.verb();
    if (r.resource() == null) {
      return "nonresource:" + stripQuery(r.requestUri()) + ":" + verb;
    }
    return r.resource() + (r.subresource() == null ? "" : "/" + r.subresource()) + ":" + verb;
  }

  /**
   * {@code k8s:pod/<namespace>/<pod>}, the same string the token's TOKEN_ISSUED has as its
   * workload: a service account's pods live in its namespace ({@code
   * system:serviceaccount:<ns>:<name>}).
   */
  private static String podContext(String podName, String username) {
    if (podName == null || !username.startsWith("system:serviceaccount:")) {
      return null;
    }
    String rest = username.substring("system:serviceaccount:".length());
    int colon = rest.indexOf(':');
    return colon > 0 ? "k8s:pod/" + rest.substring(0, colon) + "/" + podName : null;
  }

  private static String stripQuery(String uri) {
    if (uri == null) {
      return null;
    }
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
