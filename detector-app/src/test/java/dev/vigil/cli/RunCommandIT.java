package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.deploy.DashboardMetrics;
import dev.vigil.detector.fixtures.Events;
import dev.vigil.runtime.broker.EmbeddedKafkaExtension;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.tools.demo.DemoPack;
import dev.vigil.tools.simulate.kafka.EventProducer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil run} against a real broker: starts, serves every meter, follows {@code rules
 * publish}, stops with 0.
 */
class RunCommandIT {

  @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void runsServesEveryMeterSwitchesToAPublishedPackAndStopsCleanly() throws Exception {
    int port = freePort();
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cli(shutdown, new StringWriter(), err)
                    .execute(
                        connection(
                            "run",
                            "--allow-in-memory-registry",
                            "--http-port",
                            Integer.toString(port),
                            "--set",
                            "state.dir=" + dir.resolve("state"))));

    await().atMost(Duration.ofSeconds(90)).until(() -> status(port, "/ready") == 200);
    String scrape = body(port, "/metrics");
    assertThat(scrape)
        .contains(
            "vigil_events_in_total{type=\"auth\"} 0.0",
            "vigil_events_late_total{type=\"token_use\"} 0.0",
            "vigil_alerts_total{detection=\"TOKEN_REPLAY\",rule=\"replay-network-spread\",severity=\"HIGH\"} 0.0",
            "vigil_alerts_suppressed_total{",
            "vigil_revocations_total{action=\"REVOKE_TOKEN\",dry_run=\"false\"} 0.0",
            "vigil_revocations_capped_total{action=\"REVOKE_TOKEN\"} 0.0",
            "vigil_dlq_records_total{topic=\"identity.auth-events\"} 0.0",
            "vigil_event_to_alert_latency_seconds_bucket{le=\"0.5\"} 0",
            "vigil_rules_loaded 11.0",
            "vigil_rules_rejected_total 0.0",
            "vigil_streams_state 1.0",
            "kafka_consumer_fetch_manager_records_lag_max",
            "jvm_memory_used_bytes");
    // Store metrics appear once tasks have opened their stores, at the next metrics refresh.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(DashboardMetrics.missingIn(body(port, "/metrics")))
                    .as("metrics the dashboards query")
                    .isEmpty());

    Path pack = dir.resolve("fewer.yaml");
    Files.writeString(
        pack,
        DemoPack.text().replaceFirst("suppress_for: 1h", "enabled: false\n    suppress_for: 1h"));
    StringWriter publishOut = new StringWriter();
    int published =
        cli(shutdown, publishOut, new StringWriter())
            .execute(connection("rules", "publish", pack.toString()));
    assertThat(published).isZero();
    assertThat(publishOut.toString())
        .startsWith("Published pack vigil-demo version 2026.1 (12 rules) to identity.rules");
    // Detections look at the rules store when an event arrives: send one.
    try (EventProducer producer =
        new EventProducer(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            Map.of("schema.registry.url", "mock://run-it"),
            "identity.auth-events",
            "identity.token-events")) {
      producer.send(Events.issued("e-1", Instant.now(), "svc-run-it@corp.iam", "tok-1").build());
      producer.flush();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> body(port, "/metrics").contains("vigil_rules_loaded 10.0"));
    assertThat(body(port, "/metrics")).contains("vigil_events_in_total{type=\"auth\"} 1.0");

    shutdown.requestStop("test done");
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(err.toString()).contains("vigil run: stopped (test done)");
  }

  @Test
  void missingTopicsThatMayNotBeCreatedExitThreeNamingThem() {
    StringWriter err = new StringWriter();

    int exit =
        cli(GracefulShutdown.withoutHook(), new StringWriter(), err)
            .execute(
                connection(
                    "run",
                    "--allow-in-memory-registry",
                    "--http-port",
                    "0",
                    "--set",
                    "vigil.topics.create=false",
                    "--set",
                    "vigil.topic.alerts=absent.alerts"));

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString())
        .contains("missing topics on " + kafka.bootstrapServers() + ": ")
        .contains("absent.alerts")
        .contains("let Vigil create them (vigil.topics.create=true)");
  }

  private static String[] connection(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--schema-registry-url",
            "mock://run-it",
            "--set",
            "vigil.topics.replication.factor=1",
            "--set",
            "application.id=run-it"));
    return all.toArray(String[]::new);
  }

  private static CommandLine cli(GracefulShutdown shutdown, StringWriter out, StringWriter err) {
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    RunCommand run = cli.getSubcommands().get("run").getCommand();
    run.options.environment = Map::of;
    run.shutdowns = () -> shutdown;
    RulesPublishCommand publish =
        cli.getSubcommands().get("rules").getSubcommands().get("publish").getCommand();
    publish.options.environment = Map::of;
    return cli;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private int status(int port, String path) {
    try {
      return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String body(int port, String path) throws IOException, InterruptedException {
    return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .build();
  }
}
