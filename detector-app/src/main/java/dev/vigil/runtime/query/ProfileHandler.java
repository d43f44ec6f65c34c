package dev.vigil.runtime.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.detector.profile.IdentityProfile;
import dev.vigil.detector.topology.IdentityQueries;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /identities/{identity}}: the identity's profile, from whichever instance owns it.
 *
 * <ul>
 *   <li>403 {@code disabled} unless {@code vigil.http.query.token} is set; 401 without that bearer
 *       token or with another;
 *   <li>the owner answers 200 with the profile as JSON, or 404 when its state holds nothing of the
 *       identity; on another instance the request is forwarded to the owner, and during a rebalance
 *       it is 503 "moving, retry" ({@link RoutedReply}).
 * </ul>
 *
 * The identity is the rest of the path, percent-decoded: a SPIFFE id may be sent as is or with its
 * slashes as {@code %2F}.
 */
public final class ProfileHandler implements HttpHandler {

  /** The path before the identity. */
  public static final String PREFIX = "/identities/";

  /** Reads a profile from a partition active here. */
  @FunctionalInterface
  interface Profiles {
    /**
     * The profile, or null when the partition holds nothing of the identity.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when the partition is not
     *     active and queryable here
     */
    IdentityProfile read(String identity, int partition);
  }

  private static final Logger log = LoggerFactory.getLogger(ProfileHandler.class);

  private final StoreRouting routing;
  private final Profiles profiles;
  private final Optional<BearerToken> token;

  ProfileHandler(StoreRouting routing, Profiles profiles, Optional<BearerToken> token) {
    this.routing = routing;
    this.profiles = profiles;
    this.token = token;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        status(exchange, 405, "method_not_allowed", "only GET");
        return;
      }
      if (token.isEmpty()) {
        status(
            exchange,
            403,
            "disabled",
            "identity queries are off: set vigil.http.query.token on every instance");
        return;
      }
      if (!token.get().matches(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vigil\"");
        status(exchange, 401, "unauthorized", "a valid bearer token is required");
        return;
      }
      String identity = exchange.getRequestURI().getPath().substring(PREFIX.length());
      if (identity.isBlank()) {
        status(exchange, 400, "bad_request", "name an identity: " + PREFIX + "{identity}");
        return;
      }
      answer(exchange, identity);
    }
  }

  private void answer(HttpExchange exchange, String identity) throws IOException {
    StoreRouting.Answer<IdentityProfile> answer;
    try {
      answer =
          routing.read(
              IdentityQueries.detectorStore(),
              identity,
              partition -> profiles.read(identity, partition));
    } catch (RuntimeException e) {
      log.warn("Profile query failed", e);
      status(exchange, 500, "error", "the query failed; the instance's log says why");
      return;
    }
    if (answer instanceof StoreRouting.Local<IdentityProfile> local) {
      if (local.value() == null) {
        status(exchange, 404, "unknown", "no state of this identity: never seen, or expired");
      } else {
        send(exchange, 200, QueryJson.write(local.value()));
      }
    } else {
      RoutedReply.elsewhere(exchange, answer);
    }
  }

  private static void status(HttpExchange exchange, int code, String status, String message)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("message", message);
    send(exchange, code, QueryJson.write(body));
  }

  private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
