package dev.vigil.tools.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {

  private static final byte[] SECRET =
      "s3cret-shared-with-the-iam-team".getBytes(StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:15:02Z"));
  private WebhookServer server;

  @BeforeEach
  void start() throws Exception {
    server = new WebhookServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private WebhookSink sink(URI uri, Duration timeout) {
    return new WebhookSink(
        uri, SECRET, timeout, clock, HttpClient.newBuilder().connectTimeout(timeout).build());
  }

  @Test
  void signsTheExactBodyWithHmacSha256OfTheSharedSecret() throws Exception {
    SinkResult result =
        sink(server.uri(), Duration.ofSeconds(5)).deliver(Commands.revokeToken("cmd-1"));

    assertThat(result.status()).isEqualTo(SinkResult.Status.DELIVERED);
    WebhookServer.Received request = server.received().get(0);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
    assertThat(request.header("X-Vigil-Signature")).isEqualTo(expected);
    assertThat(WebhookSignature.verify(request.body(), SECRET, request.header("X-Vigil-Signature")))
        .isTrue();
    assertThat(
            WebhookSignature.verify(
                request.body(),
                "another secret".getBytes(StandardCharsets.UTF_8),
                request.header("X-Vigil-Signature")))
        .isFalse();
    byte[] tampered =
        request
            .bodyText()
            .replace("REVOKE_TOKEN", "DISABLE_IDENTITY")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(tampered, SECRET, request.header("X-Vigil-Signature")))
        .isFalse();
  }

  @Test
  void postsTheCommandAsContractJsonWithIdempotencyAndTimestampHeaders() throws Exception {
    sink(server.uri(), Duration.ofSeconds(5)).deliver(Commands.revokeToken("cmd-2"));

    WebhookServer.Received request = server.received().get(0);
    JsonNode json = new ObjectMapper().readTree(request.body());
    assertThat(json.get("command_id").asText()).isEqualTo("cmd-2");
    assertThat(json.get("alert_id").asText()).isEqualTo("alert-cmd-2");
    assertThat(json.get("identity_id").asText()).isEqualTo("spiffe://prod/ns/ci/sa/deployer");
    assertThat(json.get("token_id").asText()).isEqualTo("tok-7f3a");
    assertThat(json.get("action").asText()).isEqualTo("REVOKE_TOKEN");
    assertThat(json.get("issued_at").asText()).isEqualTo("2026-11-28T09:15:00.250Z");
    assertThat(json.get("dry_run").asBoolean()).isFalse();
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("X-Vigil-Command-Id")).isEqualTo("cmd-2");
    assertThat(request.header("X-Vigil-Timestamp"))
        .isEqualTo(Long.toString(clock.instant().getEpochSecond()));
  }

  @Test
  void classifiesServerErrorsAndThrottlingAsRetryableAndClientErrorsAsRejected() throws Exception {
    server.respondWith(503, 429, 400, 403, 302, 204);
    WebhookSink sink = sink(server.uri(), Duration.ofSeconds(5));

    assertThat(sink.deliver(Commands.revokeToken("a")).status())
        .isEqualTo(SinkResult.Status.RETRYABLE);
    assertThat(sink.deliver(Commands.revokeToken("a")).status())
        .isEqualTo(SinkResult.Status.RETRYABLE);
    SinkResult badRequest = sink.deliver(Commands.revokeToken("a"));
    assertThat(badRequest.status()).isEqualTo(SinkResult.Status.REJECTED);
    assertThat(badRequest.detail()).isEqualTo("HTTP 400: status 400");
    assertThat(sink.deliver(Commands.revokeToken("a")).status())
        .isEqualTo(SinkResult.Status.REJECTED);
    SinkResult redirect = sink.deliver(Commands.revokeToken("a"));
    assertThat(redirect.status()).isEqualTo(SinkResult.Status.REJECTED);
    assertThat(redirect.detail()).contains("redirects are not followed");
    assertThat(sink.deliver(Commands.revokeToken("a")).status())
        .isEqualTo(SinkResult.Status.DELIVERED);
  }

  @Test
  void aSlowReceiverIsARetryableTimeout() throws Exception {
    server.delayEachResponse(Duration.ofSeconds(2));

    SinkResult result =
        sink(server.uri(), Duration.ofMillis(200)).deliver(Commands.revokeToken("slow"));

    assertThat(result.status()).isEqualTo(SinkResult.Status.RETRYABLE);
    assertThat(result.detail()).contains("no answer").contains("PT0.2S");
  }

  @Test
  void anUnreachableReceiverIsRetryable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI nobodyListens = URI.create("http://127.0.0.1:" + closedPort + "/revoke");

    SinkResult result =
        sink(nobodyListens, Duration.ofSeconds(2)).deliver(Commands.revokeToken("x"));

    assertThat(result.status()).isEqualTo(SinkResult.Status.RETRYABLE);
    assertThat(result.detail()).contains("cannot reach");
  }

  @Test
  void refusesUnsignedOrNonHttpConfigurations() {
    assertThatThrownBy(() -> sink(URI.create("ftp://example.invalid/x"), Duration.ofSeconds(1)))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> WebhookSink.create(server.uri(), new byte[0], Duration.ofSeconds(1)))
        .hasMessageContaining("secret is empty");
  }
}
