package dev.vigil.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.runtime.broker.EmbeddedKafkaExtension;
import dev.vigil.runtime.config.PrefixedTopics;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.topics.MissingTopicsException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VigilRuntimeIT {

  @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path stateDir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void startsTopicsMetricsAndStreamsThenStopsThemAll() throws Exception {
    VigilConfig config = config("runtime-it", true);
    VigilTopics topics = config.topics();
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();

    VigilRuntime.Started vigil =
        VigilRuntime.start(config, shutdown, metrics -> passThrough(topics, metrics::eventIn));
    int port = vigil.server().port();
    try {
      assertThat(vigil.createdTopics()).hasSize(8).contains(topics.alerts(), topics.rules());
      assertThat(vigil.streams().awaitRunning(Duration.ofSeconds(60))).isTrue();
      assertThat(status(port, "/ready")).isEqualTo(200);

      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", kafka.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>(topics.authEvents(), "svc-a", "login")).get();
        producer.send(new ProducerRecord<>(topics.authEvents(), "svc-b", "login")).get();
      }
      assertThat(readCommitted(topics.alerts(), 2))
          .containsExactlyInAnyOrder("seen login", "seen login");

      String scrape = body(port, "/metrics");
      assertThat(scrape)
          .contains("vigil_events_in_total{type=\"auth\"} 2.0")
          .contains("vigil_streams_state 1.0")
          .containsPattern("(?m)^kafka_stream_\\w+");
    } finally {
      shutdown.closeAll();
    }
    assertThat(vigil.streams().streams().state()).isEqualTo(State.NOT_RUNNING);
    assertThatThrownBy(() -> status(port, "/health")).isInstanceOf(IOException.class);
  }

  @Test
  void missingTopicsThatMayNotBeCreatedStopTheStartWithTheirNames() {
    VigilConfig config = config("missing-it", false);
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();

    assertThatThrownBy(
            () -> VigilRuntime.start(config, shutdown, m -> new StreamsBuilder().build()))
        .isInstanceOfSatisfying(
            MissingTopicsException.class,
            e -> assertThat(e.missing()).hasSize(8).contains("missing-it.identity.alerts"));
  }

  private VigilConfig config(String prefix, boolean createTopics) {
    Map<String, String> settings =
        new HashMap<>(PrefixedTopics.settings(PrefixedTopics.under(prefix)));
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("application.id", prefix);
    settings.put("state.dir", stateDir.toString());
    settings.put("vigil.http.port", "0");
    settings.put("vigil.topics.partitions", "1");
    settings.put("vigil.topics.create", Boolean.toString(createTopics));
    return VigilConfig.builder().commandLine(settings).build();
  }

  /** A stand-in detector: every auth event becomes an "alert", and is counted as an event in. */
  private static Topology passThrough(
      VigilTopics topics, java.util.function.Consumer<String> eventIn) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topics.authEvents(), Consumed.with(Serdes.String(), Serdes.String()))
        .peek((k, v) -> eventIn.accept("auth"), Named.as("count-in"))
        .mapValues(v -> "seen " + v, Named.as("to-alert"))
        .to(topics.alerts(), Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }

  private List<String> readCommitted(String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(250)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  private int status(int port, String path) throws Exception {
    return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private String body(int port, String path) throws Exception {
    return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .build();
  }
}
