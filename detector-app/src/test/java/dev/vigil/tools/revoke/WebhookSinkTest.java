package dev.vigil.tools.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.fixtures.ManualClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookSinkTest {

  private static final byte[] SECRET =
      "s3cret-shared-with-the-iam-team".getBytes(StandardCharsets.UTF_8);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T09:15:02Z"));
  @RegisterExtension final WebhookServer server = new WebhookServer();

  private WebhookSink sink(URI uri, Duration timeout) {
    return new WebhookSink(
        uri,
        SECRET,
        timeout,
        clock,
        HttpClient.newBuilder().connectTimeout(timeout).build(),
        false);
  }

  @Test
  void signsTheTimestampAndTheExactBodyWithHmacSha256OfTheSharedSecret() throws Exception {
    SinkResult result =
        sink(server.uri(), Duration.ofSeconds(5)).deliver(Commands.revokeToken("cmd-1"));

    assertThat(result.status()).isEqualTo(SinkResult.Status.DELIVERED);
    WebhookServer.Received request = server.received().get(0);
    String timestamp = request.header("X-Vigil-Timestamp");
    assertThat(timestamp).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    // What a receiver in any language computes: HMAC-SHA256 over "<timestamp>.<raw body>".
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
    String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
    String signature = request.header("X-Vigil-Signature");
    assertThat(signature).isEqualTo(expected);

    Instant now = clock.instant();
    Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;
    assertThat(
            WebhookSignature.verify(timestamp, request.body(), SECRET, signature, now, tolerance))
        .isTrue();
    byte[] otherSecret = "another secret".getBytes(StandardCharsets.UTF_8);
    assertThat(
            WebhookSignature.verify(
                timestamp, request.body(), otherSecret, signature, now, tolerance))
        .isFalse();
    byte[] tampered =
        request
            .bodyText()
            .replace("REVOKE_TOKEN", "DISABLE_IDENTITY")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(timestamp, tampered, SECRET, signature, now, tolerance))
        .isFalse();
  }

  @Test
  void aReplayedRequestIsRefusedWhetherItsTimestampIsKeptOrChanged() throws Exception {
    sink(server.uri(), Duration.ofSeconds(5)).deliver(Commands.revokeToken("cmd-replay"));
    WebhookServer.Received captured = server.received().get(0);
    String timestamp = captured.header("X-Vigil-Timestamp");
    String signature = captured.header("X-Vigil-Signature");
    Instant tenMinutesLater = clock.instant().plus(Duration.ofMinutes(10));
    Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;

    // Sent again as captured: the timestamp is stale.
    assertThat(
            WebhookSignature.verify(
                timestamp, captured.body(), SECRET, signature, tenMinutesLater, tolerance))
        .isFalse();
    // Sent again with a fresh timestamp: the signature no longer matches.
    String fresh = Long.toString(tenMinutesLater.getEpochSecond());
    assertThat(
            WebhookSignature.verify(
                fresh, captured.body(), SECRET, signature, tenMinutesLater, tolerance))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                "not-a-number", captured.body(), SECRET, signature, tenMinutesLater, tolerance))
        .isFalse();
  }

  @Test
  void eachAttemptIsSignedWithTheTimeItIsSent() throws Exception {
    WebhookSink sink = sink(server.uri(), Duration.ofSeconds(5));
    sink.deliver(Commands.revokeToken("cmd-again"));
    clock.advance(Duration.ofHours(2));
    sink.deliver(Commands.revokeToken("cmd-again"));

    List<WebhookServer.Received> both = server.received();
    assertThat(both.get(1).header("X-Vigil-Timestamp"))
        .isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(both.get(1).header("X-Vigil-Command-Id"))
        .isEqualTo(both.get(0).header("X-Vigil-Command-Id"));
    assertThat(both.get(1).bodyText()).isEqualTo(both.get(0).bodyText());
    assertThat(
            WebhookSignature.verify(
                both.get(1).header("X-Vigil-Timestamp"),
                both.get(1).body(),
                SECRET,
                both.get(1).header("X-Vigil-Signature"),
                clock.instant(),
                WebhookSignature.DEFAULT_TOLERANCE))
        .isTrue();
  }

  @Test
  void plainHttpIsRefusedUnlessLoopbackOrWaived() {
    byte[] secret = SECRET;
    Duration timeout = Duration.ofSeconds(1);
    assertThatThrownBy(
            () ->
                WebhookSink.create(URI.create("http://iam.example/revoke"), secret, timeout, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain http")
        .hasMessageContaining("--allow-plain-http");
    assertThatThrownBy(
            () -> WebhookSink.create(URI.create("http://10.0.0.7/revoke"), secret, timeout, false))
        .hasMessageContaining("plain http");
    assertThatThrownBy(
            () ->
                WebhookSink.create(
                    URI.create("http://127.0.0.1.nip.io/revoke"), secret, timeout, false))
        .hasMessageContaining("plain http");

    assertThat(WebhookSink.create(URI.create("https://iam.example/r"), secret, timeout, false))
        .isNotNull();
    assertThat(WebhookSink.create(URI.create("http://iam.example/r"), secret, timeout, true))
        .isNotNull();
    for (String loopback :
        List.of("http://127.0.0.1:8080/r", "http://localhost/r", "http://[::1]:9000/r")) {
      assertThat(WebhookSink.create(URI.create(loopback), secret, timeout, false)).isNotNull();
    }
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
    assertThatThrownBy(
            () -> WebhookSink.create(server.uri(), new byte[0], Duration.ofSeconds(1), false))
        .hasMessageContaining("secret is empty");
  }
}
