package dev.vigil.runtime.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.alert.AlertIds;
import dev.vigil.detector.risk.RiskContribution;
import dev.vigil.detector.risk.RiskState;
import dev.vigil.events.Detection;
import dev.vigil.events.Severity;
import dev.vigil.runtime.metrics.MetricsServer;
import dev.vigil.runtime.metrics.VigilRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /risk/{id}} over real HTTP: the verdict from the owner's store, none for an unknown
 * identity, "retry" when this instance does not hold the key and cannot reach its owner, the bearer
 * token, and the example docs/INTEGRATIONS.md shows being exactly what the endpoint returns.
 */
class RiskEndpointTest {

  static final String ID = "spiffe://prod/ns/ci/sa/deployer";
  private static final String TOKEN = "s3cret-query-token";
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private KeyQueryMetadata where = new KeyQueryMetadata(HostInfo.unavailable(), Set.of(), 0);
  private VigilRegistry registry;
  private MetricsServer server;

  /** The documented example: a task token used after its task, then an audience mismatch. */
  static RiskState documentedState() {
    RiskState state = new RiskState();
    state.escalateAt(2);
    Instant used = Instant.parse("2026-11-28T09:20:00Z");
    state.add(
        new RiskContribution(
            "e44af1d7-65c7-5b4a-9ed8-eca345d6a0a9",
            "intent-task-token-after-completion",
            Detection.ACCESS_OUTLIVES_INTENT,
            Severity.HIGH,
            used,
            used.plus(Duration.ofHours(24))));
    Instant presented = Instant.parse("2026-11-28T09:25:00Z");
    state.add(
        new RiskContribution(
            AlertIds.alertId("lateral-audience-mismatch", ID, "tok-7f3a|vault"),
            "lateral-audience-mismatch",
            Detection.LATERAL_MOVEMENT,
            Severity.MEDIUM,
            presented,
            presented.plus(Duration.ofHours(8))));
    return state;
  }

  private void start(Optional<String> token) {
    byte[] stored = documentedState().encode();
    StoreRouting routing =
        new StoreRouting(
            new StoreRouting.Streams() {
              @Override
              public KeyQueryMetadata metadata(String store, String key) {
                return where;
              }

              @Override
              @SuppressWarnings("unchecked")
              public <V> V readLocal(String store, int partition, String key) {
                if (partition != 0) {
                  throw new InvalidStateStoreException("not here");
                }
                return (V) (ID.equals(key) ? stored : null);
              }
            });
    RiskEndpoint endpoint = new RiskEndpoint(routing, token, Clock.fixed(NOW, ZoneOffset.UTC));
    registry = new VigilRegistry();
    server =
        MetricsServer.start(
            registry.registry(),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () -> true,
            List.of(endpoint.route()));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      registry.close();
    }
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(60));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theOwnersVerdictIsAnsweredAndIsTheExampleTheDocsShow() throws Exception {
    start(Optional.of(TOKEN));
    HttpResponse<String> response = get("/risk/" + ID, "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode verdict = JSON.readTree(response.body());
    assertThat(verdict.get("level").asText()).isEqualTo("critical");
    assertThat(verdict).isEqualTo(documentedExample());
  }

  @Test
  void anIdentityWithNothingStoredIsNone() throws Exception {
    start(Optional.of(TOKEN));
    HttpResponse<String> response = get("/risk/svc-quiet%40corp", "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(
            JSON.readTree(
                "{\"identity_id\":\"svc-quiet@corp\",\"level\":\"none\",\"escalated\":false,"
                    + "\"alerts\":[]}"));
  }

  @Test
  void aKeyOwnedByAnUnreachableInstanceOrMovingSaysRetry() throws Exception {
    // Another instance's keys are forwarded to it (RoutedReply; ProfileHandlerTest covers the
    // relay); an owner that does not answer is as good as moving.
    start(Optional.of(TOKEN));
    where = new KeyQueryMetadata(new HostInfo("127.0.0.1", 1), Set.of(), 1);
    HttpResponse<String> unreachable = get("/risk/" + ID, "Bearer " + TOKEN);
    assertThat(unreachable.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(unreachable.body()).get("status").asText()).isEqualTo("moving");

    where = KeyQueryMetadata.NOT_AVAILABLE;
    HttpResponse<String> moving = get("/risk/" + ID, "Bearer " + TOKEN);
    assertThat(moving.statusCode()).isEqualTo(503);
    assertThat(moving.headers().firstValue("Retry-After")).contains("5");
    assertThat(JSON.readTree(moving.body()).get("status").asText()).isEqualTo("moving");
    assertThat(JSON.readTree(moving.body()).get("retry_after_s").asInt()).isEqualTo(5);
  }

  @Test
  void withoutTheTokenNothingIsAnsweredAndWithoutAConfiguredTokenTheEndpointIsOff()
      throws Exception {
    start(Optional.of(TOKEN));
    assertThat(get("/risk/" + ID, null).statusCode()).isEqualTo(401);
    assertThat(get("/risk/" + ID, "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get("/risk/" + ID, null).body()).doesNotContain("critical");
    stop();

    start(Optional.empty());
    HttpResponse<String> off = get("/risk/" + ID, "Bearer " + TOKEN);
    assertThat(off.statusCode()).isEqualTo(403);
    assertThat(off.body()).contains("vigil.http.query.token").doesNotContain("critical");
  }

  /** The JSON block after the example's marker in docs/INTEGRATIONS.md. */
  private static JsonNode documentedExample() throws Exception {
    Path doc = Path.of("..", "docs", "INTEGRATIONS.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    Matcher block =
        Pattern.compile("<!-- GET /risk example -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(text);
    assertThat(block.find()).as("the GET /risk example in %s", doc).isTrue();
    return JSON.readTree(block.group(1));
  }
}
