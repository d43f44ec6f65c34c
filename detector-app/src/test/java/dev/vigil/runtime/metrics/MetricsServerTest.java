package dev.vigil.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.events.Detection;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private VigilRegistry registry;
  private StreamsHealth health;
  private MicrometerDetectionMetrics metrics;
  private MetricsServer server;

  @BeforeEach
  void start() {
    registry = new VigilRegistry();
    health = new StreamsHealth(registry.registry());
    metrics = new MicrometerDetectionMetrics(registry.registry());
    server =
        MetricsServer.start(
            registry.registry(), new InetSocketAddress("0.0.0.0", 0), health::isRunning);
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void scrapeServesEveryContractMeterWithItsLabels() throws Exception {
    metrics.eventIn("auth");
    metrics.eventIn("auth");
    metrics.eventIn("token_use");
    metrics.lateEvent("token_use");
    metrics.alertEmitted(Detection.TOKEN_REPLAY, "replay-context", Severity.HIGH);
    metrics.alertSuppressed(Detection.TOKEN_REPLAY, "replay-context");
    metrics.revocationIssued(ResponseAction.REVOKE_TOKEN, true);
    metrics.revocationCapped(ResponseAction.DISABLE_IDENTITY);
    metrics.eventToAlertLatency(Duration.ofMillis(30));
    metrics.eventToAlertLatency(Duration.ofSeconds(3));
    metrics.rulesLoaded("default", 9);
    metrics.rulesRejected();
    metrics.deadLettered("identity.auth-events");

    HttpResponse<String> scrape = get("/metrics");

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    String body = scrape.body();
    assertThat(body)
        .contains("vigil_events_in_total{type=\"auth\"} 2.0")
        .contains("vigil_events_in_total{type=\"token_use\"} 1.0")
        .contains("vigil_events_late_total{type=\"token_use\"} 1.0")
        .contains(
            "vigil_alerts_total{detection=\"TOKEN_REPLAY\",rule=\"replay-context\",severity=\"HIGH\"} 1.0")
        .contains(
            "vigil_alerts_suppressed_total{detection=\"TOKEN_REPLAY\",rule=\"replay-context\"} 1.0")
        .contains("vigil_revocations_total{action=\"REVOKE_TOKEN\",dry_run=\"true\"} 1.0")
        .contains("vigil_revocations_capped_total{action=\"DISABLE_IDENTITY\"} 1.0")
        .contains("vigil_dlq_records_total{topic=\"identity.auth-events\"} 1.0")
        .contains("vigil_rules_loaded 9.0")
        .contains("vigil_rules_rejected_total 1.0")
        .contains("vigil_streams_state 0.0")
        .contains("vigil_event_to_alert_latency_seconds_count 2")
        .contains("vigil_event_to_alert_latency_seconds_sum 3.03")
        .contains("vigil_event_to_alert_latency_seconds_bucket{le=\"0.001\"} 0")
        .contains("vigil_event_to_alert_latency_seconds_bucket{le=\"0.05\"} 1")
        .contains("vigil_event_to_alert_latency_seconds_bucket{le=\"5.0\"} 2")
        .contains("vigil_event_to_alert_latency_seconds_bucket{le=\"10.0\"} 2")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void healthIsAlwaysUpAndReadyFollowsTheStreamsState() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/ready").statusCode()).isEqualTo(503);

    health.onChange(State.REBALANCING, State.CREATED);
    assertThat(get("/ready").statusCode()).isEqualTo(503);

    health.onChange(State.RUNNING, State.REBALANCING);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("vigil_streams_state 1.0");

    health.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
    assertThat(get("/ready").statusCode()).isEqualTo(503);
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("vigil_streams_state 0.0");
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    assertThat(get("/admin").statusCode()).isEqualTo(404);
  }

  @Test
  void aLoopbackBindAddressIsNotReachableFromThisHostsOtherAddresses() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    assumeTrue(external.isPresent(), "this host has no non-loopback IPv4 address");

    // The server of @BeforeEach listens on every interface.
    try (Socket reached = new Socket(external.get(), server.port())) {
      assertThat(reached.isConnected()).isTrue();
    }
    try (MetricsServer loopbackOnly =
        MetricsServer.start(
            registry.registry(),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            health::isRunning)) {
      assertThatThrownBy(() -> new Socket(external.get(), loopbackOnly.port()).close())
          .isInstanceOf(IOException.class);
      try (Socket local = new Socket(InetAddress.getLoopbackAddress(), loopbackOnly.port())) {
        assertThat(local.isConnected()).isTrue();
      }
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(
            nic -> {
              try {
                return nic.isUp() && !nic.isLoopback();
              } catch (SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
