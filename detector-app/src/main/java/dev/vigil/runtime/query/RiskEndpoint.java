package dev.vigil.runtime.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.detector.risk.RiskState;
import dev.vigil.detector.risk.RiskVerdict;
import dev.vigil.detector.topology.VigilTopology;
import dev.vigil.runtime.metrics.MetricsServer;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code GET /risk/{identity_id}}: the identity's risk verdict now, the JSON the risk topic carries
 * ({@link RiskVerdict#toJson}), from the risk store of the instance that owns the identity. An
 * identity Vigil holds nothing on is {@code none}. The id is the rest of the path, percent-decoded
 * (SPIFFE ids keep their slashes).
 *
 * <p>Off unless {@code vigil.http.query.token} is set (403): the verdicts name identities and
 * alerts, which is not for whoever reaches the metrics port. With it, a request without that bearer
 * token is refused (401). A key another instance owns is answered by {@link RoutedReply}.
 */
public final class RiskEndpoint implements HttpHandler {

  public static final String PREFIX = "/risk/";

  private final StoreRouting routing;
  private final Optional<BearerToken> token;
  private final Clock clock;

  /**
   * @param token the query token; empty keeps the endpoint off
   * @param clock the moment a verdict is taken at: decays are judged against it
   */
  public RiskEndpoint(StoreRouting routing, Optional<String> token, Clock clock) {
    this.routing = routing;
    this.token = token.map(BearerToken::new);
    this.clock = clock;
  }

  /** This endpoint as a route of the HTTP server. */
  public MetricsServer.Route route() {
    return new MetricsServer.Route(PREFIX, this);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      RoutedReply.json(exchange, 405, error("method not allowed", "use GET"));
      return;
    }
    if (token.isEmpty()) {
      RoutedReply.json(
          exchange,
          403,
          error("forbidden", "query endpoints are off: set vigil.http.query.token to enable them"));
      return;
    }
    if (!token.get().matches(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vigil\"");
      RoutedReply.json(exchange, 401, error("unauthorized", "a valid bearer token is required"));
      return;
    }
    String identity = exchange.getRequestURI().getPath().substring(PREFIX.length());
    if (identity.isEmpty()) {
      RoutedReply.json(exchange, 400, error("bad request", "name an identity: /risk/{id}"));
      return;
    }
    StoreRouting.Answer<byte[]> answer = routing.get(VigilTopology.RISK_STORE, identity);
    if (answer instanceof StoreRouting.Local<byte[]> local) {
      RiskVerdict verdict =
          local.value() == null
              ? RiskVerdict.none(identity)
              : RiskState.decode(local.value()).verdictAt(identity, clock.instant());
      RoutedReply.json(exchange, 200, verdict.toJson());
    } else {
      RoutedReply.elsewhere(exchange, answer);
    }
  }

  private static ObjectNode error(String error, String reason) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("error", error);
    node.put("reason", reason);
    return node;
  }
}
