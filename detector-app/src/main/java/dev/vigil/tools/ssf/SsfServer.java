package dev.vigil.tools.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.tools.revoke.SinkResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a push transmitter serves of SSF 1.0: the transmitter configuration metadata at {@code
 * /.well-known/ssf-configuration}, its JWKS at {@code /jwks.json}, a read-only stream configuration
 * endpoint at {@code /ssf/streams} (one stream per configured receiver; streams are configured on
 * Vigil's command line, so create, update and delete answer 405), and {@code /ssf/verify}, where a
 * receiver asks for a verification event on its stream.
 */
public final class SsfServer implements AutoCloseable {

  public static final String PUSH = "urn:ietf:rfc:8935";
  private static final Logger LOG = LoggerFactory.getLogger(SsfServer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String issuer;
  private final SetSigner signer;
  private final Map<String, SsfReceiver> receivers = new LinkedHashMap<>();
  private final List<String> eventsDelivered;
  private final PushDelivery push;
  private final HttpServer server;

  /**
   * @param eventsDelivered the event types the streams carry
   */
  public SsfServer(
      InetSocketAddress address,
      String issuer,
      SetSigner signer,
      List<SsfReceiver> receivers,
      List<String> eventsDelivered,
      PushDelivery push)
      throws IOException {
    this.issuer = stripSlash(issuer);
    this.signer = signer;
    receivers.forEach(r -> this.receivers.put(r.streamId(), r));
    this.eventsDelivered = List.copyOf(eventsDelivered);
    this.push = push;
    this.server = HttpServer.create(address, 0);
    server.createContext("/.well-known/ssf-configuration", this::configuration);
    server.createContext("/jwks.json", this::jwks);
    server.createContext("/ssf/streams", this::streams);
    server.createContext("/ssf/verify", this::verify);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    LOG.info(
        "SSF transmitter metadata at {}/.well-known/ssf-configuration (listening on {})",
        this.issuer,
        port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void configuration(HttpExchange exchange) throws IOException {
    if (!allowGet(exchange)) {
      return;
    }
    ObjectNode metadata = MAPPER.createObjectNode();
    metadata.put("spec_version", "1_0");
    metadata.put("issuer", issuer);
    metadata.put("jwks_uri", issuer + "/jwks.json");
    metadata.putArray("delivery_methods_supported").add(PUSH);
    metadata.put("configuration_endpoint", issuer + "/ssf/streams");
    metadata.put("verification_endpoint", issuer + "/ssf/verify");
    metadata.putArray("critical_subject_members").add("user");
    send(exchange, 200, metadata);
  }

  private void jwks(HttpExchange exchange) throws IOException {
    if (allowGet(exchange)) {
      send(exchange, 200, MAPPER.valueToTree(signer.jwks()));
    }
  }

  private void streams(HttpExchange exchange) throws IOException {
    if (!allowGet(exchange)) {
      return;
    }
    String streamId = query(exchange, "stream_id");
    if (streamId == null) {
      ArrayNode all = MAPPER.createArrayNode();
      receivers.values().forEach(r -> all.add(stream(r)));
      send(exchange, 200, all);
    } else if (receivers.containsKey(streamId)) {
      send(exchange, 200, stream(receivers.get(streamId)));
    } else {
      send(exchange, 404, error("not_found", "no stream " + streamId));
    }
  }

  private ObjectNode stream(SsfReceiver receiver) {
    ObjectNode stream = MAPPER.createObjectNode();
    stream.put("stream_id", receiver.streamId());
    stream.put("iss", issuer);
    stream.putArray("aud").add(receiver.audience());
    ArrayNode supported = stream.putArray("events_supported");
    ArrayNode requested = stream.putArray("events_requested");
    ArrayNode delivered = stream.putArray("events_delivered");
    for (String type : eventsDelivered) {
      supported.add(type);
      requested.add(type);
      delivered.add(type);
    }
    ObjectNode delivery = stream.putObject("delivery");
    delivery.put("method", PUSH);
    delivery.put("endpoint_url", receiver.endpoint().toString());
    stream.put("description", "Vigil's signals for receiver " + receiver.name());
    return stream;
  }

  private void verify(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      send(exchange, 405, error("method_not_allowed", "POST {\"stream_id\": ..., \"state\": ...}"));
      return;
    }
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = MAPPER.readTree(in.readNBytes(64 * 1024));
    } catch (IOException e) {
      send(exchange, 400, error("invalid_request", "the body is not JSON"));
      return;
    }
    String streamId = request == null ? null : request.path("stream_id").asText(null);
    SsfReceiver receiver = streamId == null ? null : receivers.get(streamId);
    if (receiver == null) {
      send(exchange, 404, error("not_found", "no stream " + streamId));
      return;
    }
    String state = request.path("state").asText(null);
    SecurityEvents.Payload payload = SecurityEvents.verification(streamId, state);
    SinkResult result;
    try {
      result = push.push(receiver, signer.sign(issuer, receiver.audience(), payload));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, error("unavailable", "interrupted"));
      return;
    }
    LOG.info("verification event {} to {}: {}", payload.jti(), receiver.name(), result.detail());
    if (result.status() == SinkResult.Status.DELIVERED) {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    } else {
      send(exchange, 502, error("delivery_failed", result.detail()));
    }
  }

  private static boolean allowGet(HttpExchange exchange) throws IOException {
    if ("GET".equals(exchange.getRequestMethod())) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET");
    send(exchange, 405, error("method_not_allowed", "read-only: streams are configured in Vigil"));
    return false;
  }

  private static String query(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static ObjectNode error(String code, String description) {
    ObjectNode error = MAPPER.createObjectNode();
    error.put("err", code);
    error.put("description", description);
    return error;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
