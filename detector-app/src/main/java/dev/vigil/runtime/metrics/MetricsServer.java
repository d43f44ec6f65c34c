package dev.vigil.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP endpoint:
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter in Prometheus text format (OpenMetrics when the scraper
 *       asks for it), served by the Prometheus exporter;
 *   <li>{@code GET /health}: 200 while the process is alive (a liveness probe);
 *   <li>{@code GET /ready}: 200 while Kafka Streams is RUNNING, else 503 (a readiness probe: not
 *       ready while starting, rebalancing or restoring state).
 *   <li>the {@link Route}s a caller adds (the query endpoints), each under its own path prefix.
 * </ul>
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  /**
   * An endpoint served beside the probes: every request whose path starts with {@code prefix} (e.g.
   * {@code /risk/}) goes to {@code handler}, which answers and closes the exchange.
   */
  public record Route(String prefix, HttpHandler handler) {}

  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  /**
   * Starts serving at {@code address} ({@code vigil.http.bind.address} and {@code vigil.http.port};
   * port 0 picks a free port, see {@link #port()}).
   *
   * @param ready whether {@code /ready} answers 200, e.g. {@code streamsHealth::isRunning}
   */
  public static MetricsServer start(
      PrometheusMeterRegistry registry, InetSocketAddress address, BooleanSupplier ready) {
    return start(registry, address, ready, List.of());
  }

  /**
   * As {@link #start(PrometheusMeterRegistry, InetSocketAddress, BooleanSupplier)}, with routes.
   */
  public static MetricsServer start(
      PrometheusMeterRegistry registry,
      InetSocketAddress address,
      BooleanSupplier ready,
      List<Route> routes) {
    List<Route> served = List.copyOf(routes);
    // The JDK server writes a response's headers and body apart; with Nagle on, a keep-alive
    // client's delayed ACK then holds every small body back ~40 ms (JDK-6968351). Read once, when
    // the first server of the JVM starts; an operator's own -D setting wins.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    try {
      HTTPServer server =
          HTTPServer.builder()
              .inetAddress(address.getAddress())
              .port(address.getPort())
              .registry(registry.getPrometheusRegistry())
              .metricsHandlerPath("/metrics")
              .registerHealthHandler(false)
              .defaultHandler(exchange -> probe(exchange, ready, served))
              .buildAndStart();
      log.info(
          "Serving /metrics, /health and /ready on {}:{}",
          address.getAddress().getHostAddress(),
          server.getPort());
      return new MetricsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on "
              + address.getAddress().getHostAddress()
              + ":"
              + address.getPort()
              + " (is the port in use, or the address not this host's? choose others with"
              + " --http-port and vigil.http.bind.address)",
          e);
    }
  }

  private static void probe(HttpExchange exchange, BooleanSupplier ready, List<Route> routes)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    for (Route route : routes) {
      if (path.startsWith(route.prefix())) {
        try (exchange) {
          route.handler().handle(exchange);
        }
        return;
      }
    }
    try (exchange) {
      switch (path) {
        case "/health" -> respond(exchange, 200, "UP\n");
        case "/ready" -> {
          if (ready.getAsBoolean()) {
            respond(exchange, 200, "READY\n");
          } else {
            respond(exchange, 503, "NOT READY: Kafka Streams is not running\n");
          }
        }
        default -> respond(exchange, 404, "not found; try /metrics, /health or /ready\n");
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers with {@code status} and {@code bytes} of {@code contentType}; headers only to HEAD. */
  public static void send(HttpExchange exchange, int status, String contentType, byte[] bytes)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
