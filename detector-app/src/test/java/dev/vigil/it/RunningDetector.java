package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.lifecycle.VigilRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One detector instance started the way {@code vigil run} starts it, through {@link DetectorApp}.
 */
final class RunningDetector implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final GracefulShutdown shutdown;
  private final VigilRuntime.Started started;

  private RunningDetector(GracefulShutdown shutdown, VigilRuntime.Started started) {
    this.shutdown = shutdown;
    this.started = started;
  }

  /** Starts an instance of {@code scope} on {@code stateDir} and waits until Streams is RUNNING. */
  static RunningDetector start(ItScope scope, Path stateDir) throws InterruptedException {
    return start(scope, scope.config(stateDir));
  }

  /** Starts an instance of {@code scope} with {@code config} and waits until Streams is RUNNING. */
  static RunningDetector start(ItScope scope, VigilConfig config) throws InterruptedException {
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();
    RunningDetector detector = new RunningDetector(shutdown, DetectorApp.start(config, shutdown));
    assertThat(detector.started.streams().awaitRunning(Duration.ofSeconds(60)))
        .as("Kafka Streams of %s reached RUNNING", scope.applicationId())
        .isTrue();
    return detector;
  }

  VigilRuntime.Started started() {
    return started;
  }

  /** Waits until this instance's Streams is RUNNING again (e.g. after a rebalance). */
  void awaitRunning() throws InterruptedException {
    assertThat(started.streams().awaitRunning(Duration.ofSeconds(60)))
        .as("Kafka Streams RUNNING")
        .isTrue();
  }

  /** The Prometheus text of {@code GET /metrics}, over HTTP as Prometheus scrapes it. */
  String scrape() {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + started.server().port() + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET /metrics status").isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scrape /metrics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scraping /metrics", e);
    }
  }

  /** Commits, leaves the group and stops, as on SIGTERM. */
  @Override
  public void close() {
    shutdown.closeAll();
  }

  /** The events an instance has taken in, on time or late, by its metrics. */
  static long judged(String metrics) {
    return sum(metrics, "vigil_events_in_total") + sum(metrics, "vigil_events_late_total");
  }

  /** The sum of a counter over all its series in a Prometheus text exposition. */
  static long sum(String metrics, String counter) {
    Matcher m = Pattern.compile("(?m)^" + counter + "\\{[^}]*} ([0-9.eE+]+)$").matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return Math.round(total);
  }
}
