package dev.vigil.adapters.mcp;

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
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.util.Locale;

/**
 * MCP gateways. MCP defines no audit log format, so Vigil defines one: {@code
 * vigil.mcp-gateway/v1}, one JSON object per tool call or token event, documented in {@code
 * docs/SOURCES.md} with an example. A gateway (or a small shim over its own log) writes it to
 * {@code raw.mcp}.
 *
 * <ul>
 *   <li>{@code tool_call}: a {@link TokenUseEvent} at tool {@code mcp:<server>}, action the
 *       JSON-RPC method ({@code tools/call}), privilege {@code <server>:<tool>}.
 *   <li>{@code token_issued}, {@code token_revoked}: the gateway's own token service, with the
 *       agent's attested workload and the token's key binding (DPoP {@code jkt} or mTLS {@code
 *       x5t#S256}), so a token presented from another context is TOKEN_REPLAY.
 * </ul>
 *
 * The token id is {@code auth.token_id} (a {@code jti} or the gateway's own id) or {@code
 * auth.token_fingerprint} (already keyed by the gateway); when the gateway logs only {@code
 * auth.authorization} (the raw header, which it should not), the adapter keys it with {@link
 * TokenFingerprints} and drops it. {@code session.id} (MCP's {@code Mcp-Session-Id}, a bearer
 * value) is likewise kept only as a fingerprint.
 */
public final class McpGatewayAdapter extends VendorAdapter {

  public static final String SOURCE = "mcp";
  public static final String SCHEMA = "vigil.mcp-gateway/v1";

  private final TokenFingerprints fingerprints;

  public McpGatewayAdapter(TokenFingerprints fingerprints) {
    this.fingerprints = fingerprints;
  }

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  protected boolean isVendorRecord(JsonNode node) {
    return SCHEMA.equals(Json.text(node, "schema"));
  }

  @Override
  protected AdapterResult mapRecord(JsonNode r) {
    String type = Json.required(r, "event");
    return switch (type) {
      case "tool_call" -> AdapterResult.mapped(toolCall(r));
      case "token_issued" -> AdapterResult.mapped(token(r, AuthEventKind.TOKEN_ISSUED));
      case "token_revoked" -> AdapterResult.mapped(token(r, AuthEventKind.TOKEN_REVOKED));
      default -> AdapterResult.skipped(Reasons.IRRELEVANT_EVENT_TYPE);
    };
  }

  private TokenUseEvent toolCall(JsonNode r) {
    String server = Json.required(r, "server");
    String method = Json.required(r, "method");
    String toolName = Json.text(r, "tool");
    JsonNode auth = r.path("auth");
    String tokenId = tokenId(auth);
    String privilege = Json.text(r, "privilege");
    if (privilege == null) {
      privilege = server + ":" + (toolName != null ? toolName : method);
    }
    return TokenUseEvent.newBuilder()
        .setEventId(Json.required(r, "id"))
        .setEventTime(Times.required(r, "time"))
        .setIdentityId(Json.required(r, "agent", "id"))
        .setIdentityType(identityType(Json.text(r, "agent", "type")))
        .setTokenId(tokenId)
        .setTool("mcp:" + server)
        .setResource(SecretShapes.scrub(resource(r, toolName)))
        .setAction(method)
        .setPrivilege(privilege)
        .setPrivileged(Json.isTrue(r, "privileged"))
        .setOutcome(outcome(Json.text(r, "outcome")))
        .setSource(source(r))
        .setSessionId(fingerprints.fingerprint(Json.text(r, "session", "id")))
        .setTaskId(Json.text(r, "task_id"))
        .setOnBehalfOf(Json.text(r, "agent", "on_behalf_of"))
        .setAttributes(
            attributes(r, auth, tokenId)
                .put("mcp_server", server)
                .put("mcp_tool", toolName)
                .put("mcp_error_code", Json.text(r, "error_code"))
                .build())
        .build();
  }

  private AuthEvent token(JsonNode r, AuthEventKind kind) {
    JsonNode auth = r.path("auth");
    String tokenId = tokenId(auth);
    if (tokenId == null) {
      throw MappingException.missing("auth.token_id");
    }
    String server = Json.text(r, "server");
    String audience = Json.text(auth, "audience");
    if (audience == null && server != null) {
      audience = "mcp:" + server;
    }
    return AuthEvent.newBuilder()
        .setEventId(Json.required(r, "id"))
        .setEventTime(Times.required(r, "time"))
        .setIdentityId(Json.required(r, "agent", "id"))
        .setIdentityType(identityType(Json.text(r, "agent", "type")))
        .setKind(kind)
        .setOutcome(outcome(Json.text(r, "outcome")))
        .setTokenId(tokenId)
        .setTokenExpiresAt(Times.optional(auth, "expires_at"))
        .setAudience(kind == AuthEventKind.TOKEN_ISSUED ? audience : null)
        .setScopes(Json.strings(auth, "scopes"))
        .setSource(source(r))
        .setTaskId(Json.text(r, "task_id"))
        .setIssuer(Json.text(auth, "issuer"))
        .setAttributes(attributes(r, auth, tokenId).put("mcp_server", server).build())
        .build();
  }

  /** {@code token_id}, else {@code token_fingerprint}, else the fingerprint of a raw header. */
  private String tokenId(JsonNode auth) {
    String id = Json.text(auth, "token_id");
    if (id != null) {
      return SecretShapes.containsSecret(id) ? fingerprints.fingerprint(id) : id;
    }
    String fingerprint = Json.text(auth, "token_fingerprint");
    if (fingerprint != null) {
      return fingerprint;
    }
    String header = Json.text(auth, "authorization");
    if (header == null) {
      return null;
    }
    String token =
        header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
    return fingerprints.fingerprint(token);
  }

  private static Source source(JsonNode r) {
    JsonNode auth = r.path("auth");
    String binding = Json.text(auth, "dpop_jkt");
    if (binding != null) {
      binding = "jkt:" + binding;
    } else if (Json.text(auth, "mtls_x5t_s256") != null) {
      binding = "x5t#S256:" + Json.text(auth, "mtls_x5t_s256");
    }
    return Sources.of(
        Json.text(r, "client", "ip"),
        null,
        null,
        Json.text(r, "client", "user_agent"),
        Json.text(r, "agent", "workload_id"),
        binding);
  }

  private Attrs attributes(JsonNode r, JsonNode auth, String tokenId) {
    return Attrs.create()
        .put("mcp_gateway", Json.text(r, "gateway"))
        .put("mcp_client_id", Json.text(auth, "client_id"))
        .flag("token_unfingerprinted", tokenId == null && Json.text(auth, "authorization") != null)
        .put("user_agent_family", UserAgents.family(Json.text(r, "client", "user_agent")));
  }

  private static String resource(JsonNode r, String toolName) {
    String resource = Json.text(r, "resource");
    if (resource != null) {
      return resource;
    }
    return toolName == null ? null : "tool:" + toolName;
  }

  private static Outcome outcome(String value) {
    if (value == null) {
      return Outcome.SUCCESS;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "allowed", "success", "ok" -> Outcome.SUCCESS;
      case "denied", "forbidden", "unauthorized" -> Outcome.DENIED;
      default -> Outcome.FAILURE;
    };
  }

  private static IdentityType identityType(String value) {
    if (value == null) {
      return IdentityType.AI_AGENT;
    }
    try {
      return IdentityType.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return IdentityType.UNKNOWN;
    }
  }
}
