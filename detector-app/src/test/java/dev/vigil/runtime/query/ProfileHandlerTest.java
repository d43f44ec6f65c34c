package dev.vigil.runtime.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.detector.profile.ProfileBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /identities/{id}} over real HTTP: the token, 404, the profile's JSON, "moving, retry",
 * and forwarding to the owner. Partition 1 is active here and knows {@code svc-known@corp}.
 */
class ProfileHandlerTest {

  private static final String TOKEN = "t0ken-for-tests";
  private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyQueryMetadata metadata = new KeyQueryMetadata(HostInfo.unavailable(), Set.of(), 1);
  private final StoreRouting routing =
      new StoreRouting(
          new StoreRouting.Streams() {
            @Override
            public KeyQueryMetadata metadata(String store, String key) {
              return metadata;
            }

            @Override
            public <V> V readLocal(String store, int partition, String key) {
              throw new UnsupportedOperationException("profiles are read by their own query");
            }
          });
  private final ProfileHandler.Profiles profiles =
      (identity, partition) -> {
        if (partition != 1) {
          throw new InvalidStateStoreException("partition " + partition + " is not here");
        }
        return identity.equals("svc-known@corp")
            ? new ProfileBuilder(identity, NOW)
                .identityType("SERVICE_ACCOUNT")
                .seen(NOW.minusSeconds(7200), NOW.minusSeconds(90))
                .build(List.of(), "shown")
            : null;
      };
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final List<String> ownerSaw = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void withoutTheTokenOrWithAnotherItIsRefused() throws Exception {
    int port = serve(Optional.of(TOKEN));
    HttpResponse<String> none = get(port, "svc-known@corp", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"vigil\"");
    assertThat(get(port, "svc-known@corp", "wrong").statusCode()).isEqualTo(401);
    assertThat(get(port, "svc-known@corp", TOKEN + "x").statusCode()).isEqualTo(401);
    assertThat(none.body()).doesNotContain("svc-known");
  }

  @Test
  void withoutAConfiguredTokenTheEndpointIsOff() throws Exception {
    int port = serve(Optional.empty());
    HttpResponse<String> answer = get(port, "svc-known@corp", "anything");
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(answer.body()).path("status").asText()).isEqualTo("disabled");
  }

  @Test
  void anUnknownIdentityIs404AndAKnownOneItsProfile() throws Exception {
    int port = serve(Optional.of(TOKEN));
    HttpResponse<String> unknown = get(port, "svc-other@corp", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).path("status").asText()).isEqualTo("unknown");

    HttpResponse<String> known = get(port, "svc-known@corp", TOKEN);
    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(known.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode profile = JSON.readTree(known.body());
    assertThat(profile.path("identity").asText()).isEqualTo("svc-known@corp");
    assertThat(profile.path("identity_type").asText()).isEqualTo("SERVICE_ACCOUNT");
    assertThat(profile.path("first_seen").asText()).isEqualTo("2026-12-06T19:00:00Z");
    assertThat(profile.path("seen").asText())
        .isEqualTo(
            "First seen 2026-12-06T19:00:00Z (2h ago), last seen 2026-12-06T20:58:30Z (1m30s"
                + " ago).");
    assertThat(profile.path("alerts_shown").asText()).isEqualTo("shown");
  }

  @Test
  void duringARebalanceItSaysMovingAndWhenToRetry() throws Exception {
    int port = serve(Optional.of(TOKEN));
    metadata = KeyQueryMetadata.NOT_AVAILABLE;
    HttpResponse<String> answer = get(port, "svc-known@corp", TOKEN);
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After"))
        .hasValue(Integer.toString(RoutedReply.RETRY_AFTER_SECONDS));
    JsonNode body = JSON.readTree(answer.body());
    assertThat(body.path("status").asText()).isEqualTo("moving");
    assertThat(body.path("retry_after_s").asInt()).isEqualTo(RoutedReply.RETRY_AFTER_SECONDS);
  }

  @Test
  void anIdentityOwnedElsewhereIsAskedOfItsOwnerWithTheSameToken() throws Exception {
    int owner = owner();
    int port = serve(Optional.of(TOKEN));
    metadata = new KeyQueryMetadata(new HostInfo("127.0.0.1", owner), Set.of(), 2);
    HttpResponse<String> answer = get(port, "spiffe://prod/ns/a/sa/b", TOKEN);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"identity\":\"from the owner\"}");
    assertThat(answer.headers().firstValue(RoutedReply.SERVED_BY)).hasValue("127.0.0.1:" + owner);
    assertThat(ownerSaw)
        .containsExactly(
            "/identities/spiffe%3A%2F%2Fprod%2Fns%2Fa%2Fsa%2Fb Bearer " + TOKEN + " forwarded");
  }

  @Test
  void aForwardedRequestIsNeverForwardedAgain() throws Exception {
    int owner = owner();
    int port = serve(Optional.of(TOKEN));
    metadata = new KeyQueryMetadata(new HostInfo("127.0.0.1", owner), Set.of(), 2);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/identities/svc-x"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("X-Vigil-Forwarded", "1")
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(answer.body()).path("status").asText()).isEqualTo("moving");
    assertThat(ownerSaw).isEmpty();
  }

  private int serve(Optional<String> token) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        ProfileHandler.PREFIX, new ProfileHandler(routing, profiles, token.map(BearerToken::new)));
    server.start();
    servers.add(server);
    return server.getAddress().getPort();
  }

  /** A stand-in owner: records what it was asked and answers a fixed body. */
  private int owner() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          ownerSaw.add(
              exchange.getRequestURI().getRawPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + (exchange.getRequestHeaders().containsKey("X-Vigil-Forwarded")
                      ? " forwarded"
                      : ""));
          byte[] body = "{\"identity\":\"from the owner\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return server.getAddress().getPort();
  }

  private static HttpResponse<String> get(int port, String identity, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/identities/"
                        + java.net.URLEncoder.encode(identity, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
