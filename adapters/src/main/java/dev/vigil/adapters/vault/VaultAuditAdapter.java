package dev.vigil.adapters.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.Reasons;
import dev.vigil.adapters.TokenFingerprints;
import dev.vigil.adapters.common.Attrs;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * HashiCorp Vault audit device entries (file, socket or syslog device, JSON format).
 *
 * <ul>
 *   <li>Only response entries are mapped: each repeats its request and adds the outcome, so request
 *       entries are skipped and the request id is a stable event id.
 *   <li>Tokens are named by their accessor as the audit device writes it, HMAC'd ({@code
 *       hmac-sha256:…}) by default: the same salt HMACs an accessor wherever it appears (the login
 *       response, later requests, {@code revoke-accessor}'s request data), so the ids meet. With
 *       {@code hmac_accessor=false} the plain accessor, which is not a secret, is used. A token
 *       seen only by its client token is keyed by {@link TokenFingerprints}.
 *   <li>Logins ({@code auth/<mount>/login…}) issue tokens ({@code TOKEN_ISSUED} with policies as
 *       scopes, the TTL as expiry, and the workload the auth method verified); failed logins are
 *       failed {@code LOGIN}s. {@code auth/token/create*} issues, {@code renew*} refreshes, {@code
 *       revoke-self}/{@code revoke-accessor} revoke.
 *   <li>Every other authenticated request is a {@link TokenUseEvent} at tool {@code vault}.
 * </ul>
 *
 * Client tokens, wrapped tokens and response data are never read into events, HMAC'd or not.
 */
public final class VaultAuditAdapter extends VendorAdapter {

  public static final String SOURCE = "vault";
  public static final String TOOL = "vault";

  private static final Set<String> SECRET_ENGINES = Set.of("kv", "generic", "cubbyhole");
  private static final List<String> SENSITIVE_SYS =
      List.of(
          "sys/raw",
          "sys/audit",
          "sys/policy",
          "sys/policies",
          "sys/auth",
          "sys/mounts",
          "sys/rotate",
          "sys/generate-root",
          "sys/replication",
          "sys/seal",
          "sys/unseal",
          "sys/config",
          "sys/namespaces");

  private final TokenFingerprints fingerprints;

  public VaultAuditAdapter(TokenFingerprints fingerprints) {
    this.fingerprints = fingerprints;
  }

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  protected boolean isVendorRecord(JsonNode node) {
    String type = Json.text(node, "type");
    return ("request".equals(type) || "response".equals(type)) && node.path("request").isObject();
  }

  @Override
  protected AdapterResult mapRecord(JsonNode r) {
    if ("request".equals(Json.text(r, "type"))) {
      return AdapterResult.skipped(Reasons.REQUEST_ENTRY);
    }
    Entry e = Entry.of(r);
    if (isLogin(e.path())) {
      return AdapterResult.mapped(login(e));
    }
    String tokenId = tokenId(e.auth());
    VaultPrincipal caller = VaultPrincipal.of(e.auth());
    if (caller == null) {
      return AdapterResult.skipped(Reasons.UNAUTHENTICATED);
    }
    List<SpecificRecord> events = new ArrayList<>(2);
    events.add(use(e, caller, tokenId));
    AuthEvent lifecycle = tokenLifecycle(e, tokenId);
    if (lifecycle != null) {
      events.add(lifecycle);
    }
    return AdapterResult.mapped(events);
  }

  private TokenUseEvent use(Entry e, VaultPrincipal caller, String tokenId) {
    String operation = e.operation();
    List<String> policies = policies(e.auth());
    return TokenUseEvent.newBuilder()
        .setEventId(e.requestId())
        .setEventTime(e.time())
        .setIdentityId(caller.identityId())
        .setIdentityType(caller.type())
        .setTokenId(tokenId)
        .setTool(TOOL)
        .setResource(SecretShapes.scrub(e.path()))
        .setAction(operation)
        .setPrivilege(privilege(e.mountType(), operation))
        .setPrivileged(privileged(e.path(), operation, policies))
        .setOutcome(e.outcome())
        .setSource(Sources.of(e.remoteAddress(), e.userAgent()))
        .setAttributes(
            e.attributes()
                .put("vault_principal", caller.readableName())
                .put("vault_display_name", Json.text(e.auth(), "display_name"))
                .put("vault_entity_id", Json.text(e.auth(), "entity_id"))
                .put("vault_token_type", Json.text(e.auth(), "token_type"))
                .put("vault_token_issued_at", Json.text(e.auth(), "token_issue_time"))
                .put("vault_policies", policies.isEmpty() ? null : String.join(",", policies))
                .flag("vault_root_token", policies.contains("root"))
                .flag("token_unfingerprinted", tokenId == null && hasClientToken(e.auth()))
                .build())
        .build();
  }

  /** A login response: the token it issued, or the failed login. */
  private AuthEvent login(Entry e) {
    JsonNode issued = e.response().path("auth");
    String tokenId = e.error() == null ? tokenId(issued) : null;
    if (tokenId == null) {
      return failedLogin(e);
    }
    VaultPrincipal holder = VaultPrincipal.of(issued);
    if (holder == null) {
      holder =
          new VaultPrincipal("vault-login:" + mountOf(e.path()), IdentityType.UNKNOWN, null, null);
    }
    return issued(e, issued, holder, tokenId, AuthEventKind.TOKEN_ISSUED, e.requestId())
        .setIssuer("vault:" + mountOf(e.path()))
        .build();
  }

  private AuthEvent failedLogin(Entry e) {
    String path = e.path();
    String mount = mountOf(path);
    // userpass and ldap put the user name in the path (auth/userpass/login/alice); other methods
    // name only a role, HMAC'd in the request data.
    int login = path.indexOf("/login/");
    String identity =
        login > 0
            ? "vault:user/" + path.substring(login + "/login/".length())
            : "vault-login:" + mount;
    return AuthEvent.newBuilder()
        .setEventId(e.requestId())
        .setEventTime(e.time())
        .setIdentityId(identity)
        .setIdentityType(login > 0 ? IdentityType.HUMAN : IdentityType.UNKNOWN)
        .setKind(AuthEventKind.LOGIN)
        .setOutcome(e.outcome() == Outcome.SUCCESS ? Outcome.FAILURE : e.outcome())
        .setSource(Sources.of(e.remoteAddress(), e.userAgent()))
        .setIssuer("vault:" + mount)
        .setAttributes(
            e.attributes().put("vault_role", Json.text(e.request(), "data", "role")).build())
        .build();
  }

  /** Token create, renew and revoke requests; null for every other path. */
  private AuthEvent tokenLifecycle(Entry e, String callerTokenId) {
    if (e.error() != null || !e.path().startsWith("auth/token/")) {
      return null;
    }
    String op = e.path().substring("auth/token/".length());
    JsonNode responseAuth = e.response().path("auth");
    if (op.startsWith("create")) {
      String newToken = tokenId(responseAuth);
      VaultPrincipal holder = VaultPrincipal.of(responseAuth);
      if (newToken == null || holder == null) {
        return null;
      }
      return issued(
              e,
              responseAuth,
              holder,
              newToken,
              AuthEventKind.TOKEN_ISSUED,
              e.requestId() + "#token-issued")
          .setIssuer("vault:auth/token/")
          .setAttributes(
              e.attributes()
                  .put("vault_parent_token", callerTokenId)
                  .put("vault_orphan", Json.text(responseAuth, "orphan"))
                  .put("vault_display_name", Json.text(responseAuth, "display_name"))
                  .build())
          .build();
    }
    if (op.startsWith("renew")) {
      String renewed = tokenId(responseAuth);
      if (renewed == null) {
        renewed =
            op.equals("renew-self") ? callerTokenId : Json.text(e.request(), "data", "accessor");
      }
      VaultPrincipal holder = VaultPrincipal.of(responseAuth.isObject() ? responseAuth : e.auth());
      if (renewed == null || holder == null) {
        return null;
      }
      return issued(
              e,
              responseAuth,
              holder,
              renewed,
              AuthEventKind.TOKEN_REFRESHED,
              e.requestId() + "#token-refreshed")
          .setIssuer("vault:auth/token/")
          .build();
    }
    String revoked =
        switch (op) {
          case "revoke-self" -> callerTokenId;
          case "revoke-accessor" -> Json.text(e.request(), "data", "accessor");
          default -> null; // revoke and revoke-orphan name the token by its (HMAC'd) secret only
        };
    if (revoked == null) {
      return null;
    }
    VaultPrincipal holder = VaultPrincipal.of(e.auth());
    return AuthEvent.newBuilder()
        .setEventId(e.requestId() + "#token-revoked")
        .setEventTime(e.time())
        .setIdentityId(holder.identityId())
        .setIdentityType(holder.type())
        .setKind(AuthEventKind.TOKEN_REVOKED)
        .setOutcome(Outcome.SUCCESS)
        .setTokenId(revoked)
        .setSource(Sources.of(e.remoteAddress(), e.userAgent()))
        .setIssuer("vault:auth/token/")
        .setAttributes(e.attributes().put("vault_revoked_by", callerTokenId).build())
        .build();
  }

  private AuthEvent.Builder issued(
      Entry e,
      JsonNode auth,
      VaultPrincipal holder,
      String tokenId,
      AuthEventKind kind,
      String eventId) {
    Long ttl = Json.longValue(auth, "token_ttl");
    if (ttl == null) {
      ttl = Json.longValue(auth, "lease_duration");
    }
    Instant expires = ttl != null && ttl > 0 ? e.time().plusSeconds(ttl) : null;
    return AuthEvent.newBuilder()
        .setEventId(eventId)
        .setEventTime(e.time())
        .setIdentityId(holder.identityId())
        .setIdentityType(holder.type())
        .setKind(kind)
        .setOutcome(Outcome.SUCCESS)
        .setTokenId(tokenId)
        .setTokenExpiresAt(expires)
        .setAudience(TOOL)
        .setScopes(policies(auth))
        .setSource(
            Sources.of(e.remoteAddress(), null, null, e.userAgent(), holder.workloadId(), null))
        .setAttributes(
            e.attributes()
                .put("vault_principal", holder.readableName())
                .put("vault_display_name", Json.text(auth, "display_name"))
                .put("vault_entity_id", Json.text(auth, "entity_id"))
                .put("vault_token_type", Json.text(auth, "token_type"))
                .put("vault_role", Json.text(auth, "metadata", "role"))
                .put("credential_context", holder.workloadId())
                .build());
  }

  /** The accessor (HMAC'd or plain); else the client token's fingerprint; else null. */
  private String tokenId(JsonNode auth) {
    String accessor = Json.text(auth, "accessor");
    if (accessor != null) {
      return accessor;
    }
    return fingerprints.fingerprint(Json.text(auth, "client_token"));
  }

  private static boolean hasClientToken(JsonNode auth) {
    return Json.text(auth, "client_token") != null;
  }

  private static List<String> policies(JsonNode auth) {
    Set<String> all = new LinkedHashSet<>(Json.strings(auth, "policies"));
    all.addAll(Json.strings(auth, "token_policies"));
    all.addAll(Json.strings(auth, "identity_policies"));
    return new ArrayList<>(all);
  }

  static boolean isLogin(String path) {
    return path.startsWith("auth/")
        && !path.startsWith("auth/token/")
        && (path.contains("/login") || path.endsWith("/callback"));
  }

  /** {@code auth/kubernetes/login} → {@code auth/kubernetes/}. */
  private static String mountOf(String path) {
    int second = path.indexOf('/', "auth/".length());
    return second < 0 ? path : path.substring(0, second + 1);
  }

  /**
   * KV reads and writes as {@code secrets:read}/{@code secrets:write}; others as {@code
   * <engine>:<op>}.
   */
  static String privilege(String mountType, String operation) {
    String engine = mountType == null ? "vault" : mountType.toLowerCase(Locale.ROOT);
    if (SECRET_ENGINES.contains(engine)) {
      String op =
          switch (operation) {
            case "create", "update", "patch" -> "write";
            default -> operation;
          };
      return "secrets:" + op;
    }
    return engine + ":" + operation;
  }

  static boolean privileged(String path, String operation, List<String> policies) {
    if (policies.contains("root")) {
      return true;
    }
    for (String prefix : SENSITIVE_SYS) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    boolean write = !operation.equals("read") && !operation.equals("list");
    return write
        && (path.startsWith("identity/")
            || (path.startsWith("auth/") && path.contains("/role/"))
            || path.startsWith("sys/leases/revoke"));
  }

  /** The fields of a response entry every event reads. */
  private record Entry(
      JsonNode record,
      JsonNode request,
      JsonNode auth,
      JsonNode response,
      String requestId,
      Instant time,
      String path,
      String operation,
      String error) {

    static Entry of(JsonNode r) {
      JsonNode request = r.path("request");
      String path = Json.required(request, "path");
      return new Entry(
          r,
          request,
          r.path("auth"),
          r.path("response"),
          Json.required(request, "id"),
          Times.required(r, "time"),
          path.startsWith("/") ? path.substring(1) : path,
          operationOf(request),
          Json.text(r, "error"));
    }

    private static String operationOf(JsonNode request) {
      String op = Json.text(request, "operation");
      if (op == null) {
        throw MappingException.missing("request.operation");
      }
      return op;
    }

    Outcome outcome() {
      if (error == null) {
        return Outcome.SUCCESS;
      }
      String e = error.toLowerCase(Locale.ROOT);
      return e.contains("permission denied")
              || e.contains("invalid token")
              || e.contains("invalid credentials")
          ? Outcome.DENIED
          : Outcome.FAILURE;
    }

    String mountType() {
      return Json.text(request, "mount_type");
    }

    String remoteAddress() {
      return Json.text(request, "remote_address");
    }

    /** Vault records request headers only when told to; the user agent is one it may keep. */
    String userAgent() {
      return Json.first(request, "headers", "user-agent");
    }

    Attrs attributes() {
      String ua = userAgent();
      return Attrs.create()
          .put("vault_mount_type", mountType())
          .put("vault_mount_accessor", Json.text(request, "mount_accessor"))
          .put("vault_namespace", Json.text(request, "namespace", "path"))
          .put("vault_forwarded_from", Json.text(record, "forwarded_from"))
          .put("user_agent_family", UserAgents.family(ua));
    }
  }
}
