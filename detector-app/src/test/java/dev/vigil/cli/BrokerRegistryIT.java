package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.events.AuthEvent;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.serde.registry.RegistryClientConfig;
import dev.vigil.serde.registry.RestSchemaRegistryClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code vigil broker --port N --registry}: a separate Vigil process serves Kafka on the port asked
 * for and a Schema Registry over HTTP; {@code vigil simulate} registers its schemas there over
 * HTTP, Vigil's serde reads the events back through it, and SIGTERM stops both.
 */
class BrokerRegistryIT {

  private static final Pattern KAFKA = Pattern.compile("Kafka ready at (127\\.0\\.0\\.1:\\d+) in");
  private static final Pattern REGISTRY =
      Pattern.compile("Schema Registry ready at (http://127\\.0\\.0\\.1:\\d+) ");

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void servesKafkaOnItsPortAndASchemaRegistryThatVigilsSerdeUsesOverHttp() throws Exception {
    int kafkaPort = freePort();
    Path log = Files.createTempFile("vigil-broker-registry", ".log");
    Path printed = Files.createTempFile("vigil-broker-registry", ".out");
    Process broker =
        VigilJvm.command(
                List.of(), "broker", "--port", Integer.toString(kafkaPort), "--registry-port", "0")
            .redirectError(log.toFile())
            // A file, not a pipe: Process.destroy() closes the pipes, and the last lines come
            // after.
            .redirectOutput(printed.toFile())
            .start();
    try {
      List<String> announced = announcement(printed, broker);
      String text = String.join("\n", announced);
      Matcher kafka = KAFKA.matcher(text);
      Matcher registry = REGISTRY.matcher(text);
      assertThat(kafka.find()).as(text).isTrue();
      assertThat(registry.find()).as(text).isTrue();
      String bootstrap = kafka.group(1);
      String url = registry.group(1);
      assertThat(bootstrap).isEqualTo("127.0.0.1:" + kafkaPort);
      String clients = "--bootstrap-servers " + bootstrap + " --schema-registry-url " + url;
      assertThat(text)
          .contains("For development only")
          .contains(" run " + clients)
          .contains(" simulate " + clients)
          .contains(" tail alerts --from-beginning " + clients);

      StringWriter err = new StringWriter();
      CommandLine simulate = VigilCli.commandLine();
      simulate.setErr(new PrintWriter(err, true));
      int exit =
          simulate.execute(
              "simulate",
              "--bootstrap-servers",
              bootstrap,
              "--schema-registry-url",
              url,
              "--days",
              "1",
              "--warm-up",
              "30m",
              "--identities",
              "30",
              "--duration",
              "3s");
      assertThat(exit).as(err.toString()).isZero();

      HttpResponse<String> subjects =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "/subjects")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(subjects.headers().firstValue("Content-Type"))
          .contains("application/vnd.schemaregistry.v1+json");
      assertThat(new ObjectMapper().readTree(subjects.body()))
          .extracting(node -> node.asText())
          .contains("identity.auth-events-value");
      try (RestSchemaRegistryClient client =
          new RestSchemaRegistryClient(
              RegistryClientConfig.from(Map.of("schema.registry.url", url)))) {
        assertThat(client.latest("identity.auth-events-value").schema())
            .isEqualTo(AuthEvent.getClassSchema());
      }

      List<ConsumerRecord<String, byte[]>> events = read(bootstrap, "identity.auth-events");
      assertThat(events).isNotEmpty();
      try (Serde<AuthEvent> serde =
          ConfluentAvroSerde.specific(AuthEvent.class, Map.of("schema.registry.url", url), false)) {
        assertThat(events)
            .allSatisfy(
                r ->
                    assertThat(
                            serde.deserializer().deserialize(r.topic(), r.value()).getIdentityId())
                        .isEqualTo(r.key()));
      }

      broker.destroy(); // SIGTERM
      assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readAllLines(printed))
          .contains("Schema Registry stopped.", "Kafka stopped.");
    } finally {
      broker.destroyForcibly();
      Files.deleteIfExists(log);
      Files.deleteIfExists(printed);
    }
  }

  @Test
  void aTakenKafkaPortIsRefusedWithItsNumber() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      StringWriter err = new StringWriter();
      CommandLine cli = VigilCli.commandLine();
      cli.setErr(new PrintWriter(err, true));

      int exit = cli.execute("broker", "--port", Integer.toString(taken.getLocalPort()));

      assertThat(exit).isEqualTo(2);
      assertThat(err.toString())
          .contains("127.0.0.1:" + taken.getLocalPort() + ": the port is in use")
          .contains("--port");
    }
  }

  /** The lines the broker printed up to the blank line that ends its usage block. */
  private static List<String> announcement(Path printed, Process broker)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(printed);
      int usage = lines.indexOf("Use it from other terminals:");
      if (usage >= 0 && lines.subList(usage, lines.size()).contains("")) {
        return lines;
      }
      if (!broker.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("vigil broker did not announce itself: " + Files.readString(printed));
  }

  /** Everything on {@code topic}, read up to its end offsets. */
  private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
