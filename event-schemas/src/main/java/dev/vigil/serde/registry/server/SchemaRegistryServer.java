package dev.vigil.serde.registry.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.serde.registry.MockSchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory Schema Registry served over HTTP with the Confluent REST API, for development and
 * tests only: no persistence (everything is lost on {@link #close()}), no authentication, no TLS,
 * bound to one address (the loopback address unless told otherwise). Backed by a {@link
 * MockSchemaRegistry}, so the same registry can be reached in-process as {@code mock://<scope>}.
 *
 * <p>Endpoints (Confluent's paths, bodies, {@code error_code}s and content type {@code
 * application/vnd.schemaregistry.v1+json}):
 *
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} registers ({@code {"id":N}}; the same schema gets
 *       the same id), {@code POST /subjects/{subject}} looks a schema up;
 *   <li>{@code GET /schemas/ids/{id}} ({@code {"schema":"..."}}), {@code .../schema}, {@code
 *       .../subjects}, {@code .../versions}, {@code GET /schemas/types};
 *   <li>{@code GET /subjects}, {@code GET /subjects/{s}/versions}, {@code GET
 *       /subjects/{s}/versions/{v|latest}} and {@code .../schema};
 *   <li>{@code GET|PUT|DELETE /config} and {@code /config/{subject}} (compatibility level, BACKWARD
 *       by default, enforced on register);
 *   <li>{@code POST /compatibility/subjects/{s}/versions[/{v|latest}]} ({@code ?verbose=true}).
 * </ul>
 */
public final class SchemaRegistryServer implements AutoCloseable {

  /** The content type of every answer, as Confluent's registry sends it. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** The port Confluent's registry listens on by default. */
  public static final int DEFAULT_PORT = 8081;

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final MockSchemaRegistry registry;
  private boolean closed;

  private SchemaRegistryServer(
      HttpServer server, ExecutorService executor, MockSchemaRegistry registry) {
    this.server = server;
    this.executor = executor;
    this.registry = registry;
  }

  /** Serves {@code registry} on {@code 127.0.0.1:port} (0 picks a free port). */
  public static SchemaRegistryServer start(int port, MockSchemaRegistry registry) {
    return start(InetAddress.getLoopbackAddress().getHostAddress(), port, registry);
  }

  /**
   * Serves {@code registry} on {@code host:port} (0 picks a free port).
   *
   * @throws UncheckedIOException naming the address when it cannot be bound (e.g. the port is in
   *     use)
   */
  public static SchemaRegistryServer start(String host, int port, MockSchemaRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (BindException e) {
      throw new UncheckedIOException(
          "cannot serve the Schema Registry on "
              + host
              + ":"
              + port
              + ": the port is in use (choose another with --registry-port)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the Schema Registry on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "vigil-registry-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    RegistryApi api = new RegistryApi(registry);
    server.createContext("/", exchange -> serve(api, exchange));
    server.setExecutor(executor);
    server.start();
    SchemaRegistryServer started = new SchemaRegistryServer(server, executor, registry);
    log.info("Schema Registry (in memory, mock://{}) serving {}", registry.scope(), started.url());
    return started;
  }

  private static void serve(RegistryApi api, HttpExchange exchange) throws IOException {
    try (exchange) {
      RegistryApi.Answer answer;
      byte[] request = readBody(exchange.getRequestBody());
      if (request == null) {
        answer =
            RegistryApi.error(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
      } else {
        answer =
            api.handle(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                new String(request, StandardCharsets.UTF_8));
      }
      log.debug(
          "{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), answer.status());
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(answer.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  /** {@code http://host:port}, for {@code schema.registry.url}. */
  public String url() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + address.getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The registry behind it; also reachable in this JVM as {@code mock://<scope>}. */
  public MockSchemaRegistry registry() {
    return registry;
  }

  /**
   * Stops serving at once (before Java 21, {@code HttpServer.stop} waits out its whole delay even
   * when idle); a request in progress may be cut off. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Schema Registry at {} stopped", url());
  }
}
