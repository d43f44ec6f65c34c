package dev.vigil.runtime.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.vigil.runtime.metrics.MetricsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;

/**
 * How the query endpoints answer when this instance does not hold the key ({@link StoreRouting}):
 * the same way for every endpoint, so a client learns it once.
 *
 * <ul>
 *   <li>another instance owns it: the request is forwarded there ({@link Forwarder}, same path and
 *       query, the caller's {@code Authorization}) and the owner's answer relayed, status, body and
 *       {@code Retry-After} alike. Forwarded, not redirected, because the endpoints take a bearer
 *       token: a client following a 307 to another host drops it (curl does, rightly) or must be
 *       told to trust every instance with it, and the owner's address is a pod's, which a client
 *       outside the cluster seldom reaches; one address in front of the instances is enough;
 *   <li>nobody can answer now (starting, rebalancing, restoring; or a forwarded request whose owner
 *       moved again on the way, which is never forwarded twice): {@code 503}, {@code Retry-After:
 *       5}, body {@code {"status": "moving", "retry_after_s": 5, "reason": ...}}.
 * </ul>
 */
public final class RoutedReply {

  /** Seconds a client waits before asking again while partitions move. */
  public static final int RETRY_AFTER_SECONDS = 5;

  /** Names the instance whose state answered, on a forwarded answer. */
  public static final String SERVED_BY = "X-Vigil-Served-By";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Forwarder FORWARDER = new Forwarder();

  private RoutedReply() {}

  /** Answers {@code exchange} for a key this instance does not hold. */
  public static void elsewhere(HttpExchange exchange, StoreRouting.Answer<?> answer)
      throws IOException {
    if (answer instanceof StoreRouting.Remote<?> remote) {
      String owner = remote.host() + ":" + remote.port();
      if (exchange.getRequestHeaders().containsKey(Forwarder.FORWARDED_BY)) {
        moving(exchange, "the owner moved while the request was forwarded (now " + owner + ")");
        return;
      }
      HttpResponse<byte[]> reply;
      try {
        reply = FORWARDER.forward(remote.host(), remote.port(), exchange);
      } catch (IOException e) {
        moving(exchange, "the owner " + owner + " did not answer");
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        moving(exchange, "interrupted while asking the owner " + owner);
        return;
      }
      relay(exchange, reply, owner);
    } else if (answer instanceof StoreRouting.Unavailable<?> unavailable) {
      moving(exchange, unavailable.reason());
    } else {
      throw new IllegalArgumentException("the key is held here: answer it, do not route it");
    }
  }

  private static void moving(HttpExchange exchange, String reason) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    ObjectNode body = JSON.createObjectNode();
    body.put("status", "moving");
    body.put("retry_after_s", RETRY_AFTER_SECONDS);
    body.put("reason", reason);
    json(exchange, 503, body);
  }

  private static void relay(HttpExchange exchange, HttpResponse<byte[]> reply, String owner)
      throws IOException {
    exchange
        .getResponseHeaders()
        .set("Content-Type", reply.headers().firstValue("Content-Type").orElse("application/json"));
    reply
        .headers()
        .firstValue("Retry-After")
        .ifPresent(value -> exchange.getResponseHeaders().set("Retry-After", value));
    exchange.getResponseHeaders().set(SERVED_BY, owner);
    byte[] body = reply.body();
    exchange.sendResponseHeaders(reply.statusCode(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Writes {@code body} as the JSON answer with {@code status}. */
  public static void json(HttpExchange exchange, int status, Object body) throws IOException {
    MetricsServer.send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }
}
