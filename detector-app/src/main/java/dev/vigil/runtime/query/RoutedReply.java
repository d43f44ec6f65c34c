package dev.vigil.runtime.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How the query endpoints answer when this instance does not hold the key ({@link StoreRouting}):
 * the same wording for every endpoint, so a client learns it once.
 *
 * <ul>
 *   <li>another instance owns it: {@code 307 Temporary Redirect}, {@code Location} the same path
 *       and query on the owner, body {@code {"owner": "host:port"}}. Not proxied: the client
 *       follows with its own credentials, and no instance relays another's answers;
 *   <li>nobody can answer now: {@code 503}, {@code Retry-After: 5}, body {@code {"error":
 *       "unavailable", "reason": ...}}.
 * </ul>
 */
public final class RoutedReply {

  /** Seconds a client waits before asking again while partitions move. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RoutedReply() {}

  /** Answers {@code exchange} for a key this instance does not hold. */
  public static void elsewhere(HttpExchange exchange, StoreRouting.Answer<?> answer)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    if (answer instanceof StoreRouting.Remote<?> remote) {
      String owner = remote.host() + ":" + remote.port();
      String query = exchange.getRequestURI().getRawQuery();
      exchange
          .getResponseHeaders()
          .set(
              "Location",
              "http://"
                  + owner
                  + exchange.getRequestURI().getRawPath()
                  + (query == null ? "" : "?" + query));
      body.put("owner", owner);
      json(exchange, 307, body);
    } else if (answer instanceof StoreRouting.Unavailable<?> unavailable) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
      body.put("error", "unavailable");
      body.put("reason", unavailable.reason());
      json(exchange, 503, body);
    } else {
      throw new IllegalArgumentException("the key is held here: answer it, do not route it");
    }
  }

  /** Writes {@code body} as the JSON answer with {@code status}. */
  public static void json(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
