package dev.vigil.serde.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An in-process HTTP server on the loopback address for the cases a real registry cannot be made to
 * produce (5xx answers, stalls). Answers come from a script first, then from a fallback handler,
 * and every request is recorded.
 */
final class RegistryStub implements AutoCloseable {

  record Request(
      String method, String path, String contentType, String authorization, String body) {}

  record Answer(int status, String body, long delayMillis) {
    static Answer of(int status, String body) {
      return new Answer(status, body, 0);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Answer> fallback =
      request -> Answer.of(500, "{\"error_code\":50001,\"message\":\"no answer scripted\"}");

  RegistryStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    // A stalled answer must not hold up the retry that follows it.
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized RegistryStub then(int status, String body) {
    script.add(Answer.of(status, body));
    return this;
  }

  synchronized RegistryStub then(Answer answer) {
    script.add(answer);
    return this;
  }

  RegistryStub otherwise(Function<Request, Answer> handler) {
    this.fallback = handler;
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    requests.add(request);
    Answer answer;
    synchronized (this) {
      answer = script.isEmpty() ? null : script.poll();
    }
    if (answer == null) {
      answer = fallback.apply(request);
    }
    if (answer.delayMillis() > 0) {
      try {
        Thread.sleep(answer.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
