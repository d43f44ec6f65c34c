package dev.vigil.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A registry that answers with a redirect must not get the client to send its credentials anywhere
 * else: the registry client follows no redirect, so Basic credentials only ever go to the
 * configured URL. A second server records every Authorization header it receives.
 */
class RestSchemaRegistryClientRedirectTest {

  private static final String SCHEMA_ANSWER =
      "{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\",\"schemaType\":\"AVRO\"}";

  private HttpServer redirecting;
  private HttpServer elsewhere;
  private final List<String> elsewhereAuthorizations = new CopyOnWriteArrayList<>();
  private volatile int redirectStatus;

  @BeforeEach
  void start() throws IOException {
    elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    elsewhere.createContext(
        "/",
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          elsewhereAuthorizations.add(authorization == null ? "(none)" : authorization);
          answer(exchange, 200, SCHEMA_ANSWER, Map.of());
        });
    elsewhere.start();
    redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    redirecting.createContext(
        "/",
        exchange ->
            answer(
                exchange,
                redirectStatus,
                "",
                Map.of("Location", url(elsewhere) + exchange.getRequestURI().getRawPath())));
    redirecting.start();
  }

  @AfterEach
  void stop() {
    redirecting.stop(0);
    elsewhere.stop(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectIsRefusedAndTheCredentialsGoNowhereElse(int status) {
    redirectStatus = status;
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(
                Map.of(
                    "schema.registry.url",
                    url(redirecting),
                    "basic.auth.credentials.source",
                    "USER_INFO",
                    "basic.auth.user.info",
                    "vigil:s3cret",
                    "max.retries",
                    0)));

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP " + status)
        .hasMessageContaining("redirect")
        .hasMessageContaining(url(elsewhere))
        .hasMessageNotContaining("s3cret");
    assertThat(elsewhereAuthorizations).isEmpty();
  }

  @Test
  void credentialsInTheUrlAreNotFollowedAcrossARedirectEither() {
    redirectStatus = 307;
    String withUserInfo = url(redirecting).replace("http://", "http://vigil:s3cret@");
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(
                Map.of("schema.registry.url", withUserInfo, "max.retries", 0)));

    assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryException.class);
    assertThat(elsewhereAuthorizations).isEmpty();
  }

  @Test
  void theFinalUrlConfiguredDirectlyWorks() {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.from(
                Map.of(
                    "schema.registry.url", url(elsewhere),
                    "basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", "vigil:s3cret")));

    assertThat(client.schemaById(1).getType()).isEqualTo(org.apache.avro.Schema.Type.STRING);
    assertThat(elsewhereAuthorizations).hasSize(1).allMatch(h -> h.startsWith("Basic "));
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(
      HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
