package dev.vigil.runtime.query;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends a query on to the instance that owns its key, with the caller's {@code Authorization}
 * (already checked here, and every instance shares the token), and hands back the owner's answer.
 * Redirects are not followed: an owner answers or says it is moving.
 */
final class Forwarder {

  /** Marks a forwarded request: its receiver answers or says "moving", never forwards again. */
  static final String FORWARDED_BY = "X-Vigil-Forwarded";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * Asks {@code host:port} for the same path and query as {@code exchange}.
   *
   * @throws IOException when the owner does not answer
   */
  HttpResponse<byte[]> forward(String host, int port, HttpExchange exchange)
      throws IOException, InterruptedException {
    String query = exchange.getRequestURI().getRawQuery();
    URI target =
        URI.create(
            "http://"
                + host
                + ":"
                + port
                + exchange.getRequestURI().getRawPath()
                + (query == null ? "" : "?" + query));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .header(FORWARDED_BY, "1")
            .GET();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
