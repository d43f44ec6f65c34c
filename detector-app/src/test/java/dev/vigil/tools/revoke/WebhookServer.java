package dev.vigil.tools.revoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on the loopback interface that answers with scripted statuses (the last one
 * repeats) and records every request it received. A test class may hold one per test in a
 * {@code @RegisterExtension} field: it is closed after each test.
 */
final class WebhookServer implements AutoCloseable, AfterEachCallback {

  /** One request as the server saw it. */
  record Received(byte[] body, Map<String, List<String>> headers) {
    String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int lastStatus = 200;
  private volatile Duration delay = Duration.ZERO;

  WebhookServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback port", e);
    }
    server.createContext("/revoke", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Answers the next requests with these statuses, then keeps answering with the last one. */
  WebhookServer respondWith(int... codes) {
    for (int code : codes) {
      statuses.add(code);
    }
    return this;
  }

  WebhookServer delayEachResponse(Duration by) {
    this.delay = by;
    return this;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/revoke");
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new Received(body, Map.copyOf(exchange.getRequestHeaders())));
      Integer next = statuses.poll();
      int status = next == null ? lastStatus : next;
      lastStatus = status;
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      if (status == 204) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] answer = ("status " + status).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
