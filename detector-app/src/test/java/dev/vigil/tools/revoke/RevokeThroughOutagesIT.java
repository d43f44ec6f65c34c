package dev.vigil.tools.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.cli.VigilCli;
import dev.vigil.events.RevocationCommand;
import dev.vigil.runtime.broker.EmbeddedKafkaExtension;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.serde.registry.MockSchemaRegistry;
import dev.vigil.serde.registry.server.SchemaRegistryServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil revoke} on a real broker, through a Schema Registry outage and a webhook outage, and
 * across a restart on the same state directory with the detector re-sending its commands: every
 * command reaches the receiver exactly once and none is dead-lettered.
 */
class RevokeThroughOutagesIT {

  private static final String TOPIC = "outage-it.revocations";
  private static final String SECRET_ENV = "OUTAGE_IT_WEBHOOK_SECRET";

  @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path stateDir;

  @BeforeAll
  static void createTopics() throws Exception {
    kafka.createTopics(
        new NewTopic(TOPIC, 2, (short) 1), new NewTopic("identity.revocations.dlq", 1, (short) 1));
  }

  @Test
  void everyCommandIsDeliveredOnceThroughBothOutagesAndARestart() throws Exception {
    MockSchemaRegistry schemas = MockSchemaRegistry.forScope("revoke-outage-it");
    int registryPort = freePort();
    SchemaRegistryServer registry = SchemaRegistryServer.start(registryPort, schemas);
    String registryUrl = registry.url();
    List<String> ids = List.of("cmd-1", "cmd-2", "cmd-3", "cmd-4", "cmd-5", "cmd-6");
    send(registryUrl, ids.subList(0, 3));
    // The registry goes down before the consumer has read a single schema.
    registry.close();

    try (WebhookServer receiver = new WebhookServer()) {
      // The receiver answers 503 three times (a rolling restart of the IAM gateway) first.
      receiver.respondWith(503, 503, 503, 204);
      Running first = start(registryUrl, receiver);
      Thread.sleep(3_000);
      assertThat(receiver.received())
          .as("nothing can be decoded while the registry is down")
          .isEmpty();

      registry = SchemaRegistryServer.start(registryPort, schemas);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> delivered(receiver).containsAll(ids.subList(0, 3)));
      first.stop();

      // The detector reprocessed and sent the first three again, plus three new ones.
      send(registryUrl, ids);
      Running second = start(registryUrl, receiver);
      await().atMost(Duration.ofSeconds(60)).until(() -> delivered(receiver).containsAll(ids));
      Thread.sleep(2_000);
      second.stop();

      assertThat(delivered(receiver)).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(receiver.received())
          .as("3 refused deliveries, then one accepted delivery per command")
          .hasSize(ids.size() + 3);
      assertThat(first.exit.get()).isZero();
      assertThat(second.exit.get()).isZero();
    } finally {
      registry.close();
    }
  }

  private static List<String> delivered(WebhookServer receiver) {
    List<WebhookServer.Received> all = receiver.received();
    // The first three requests were answered 503: not deliveries.
    List<String> ids = new ArrayList<>();
    for (int i = 3; i < all.size(); i++) {
      ids.add(all.get(i).header(WebhookSink.COMMAND_ID_HEADER));
    }
    return ids;
  }

  /** A revoke process: its command line, in a thread, stopped the way SIGTERM stops it. */
  private final class Running {
    final RevokeCommand command;
    final Thread thread;
    final AtomicInteger exit = new AtomicInteger(-1);

    Running(RevokeCommand command, String... args) {
      this.command = command;
      this.thread =
          new Thread(
              () -> exit.set(VigilCli.conventions(new CommandLine(command)).execute(args)),
              "revoke-it");
      thread.start();
    }

    void stop() throws InterruptedException {
      await().atMost(Duration.ofSeconds(30)).until(() -> command.running() != null);
      command.running().stop();
      thread.join(30_000);
    }
  }

  private Running start(String registryUrl, WebhookServer receiver) {
    RevokeCommand command = new RevokeCommand(Map.of(SECRET_ENV, "it-secret")::get);
    return new Running(
        command,
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--schema-registry-url",
        registryUrl,
        "--topic",
        TOPIC,
        "--state-dir",
        stateDir.toString(),
        "--webhook-url",
        receiver.uri().toString(),
        "--webhook-secret-env",
        SECRET_ENV,
        "--retry-backoff",
        "100ms",
        "--max-backoff",
        "500ms");
  }

  private static void send(String registryUrl, List<String> commandIds) throws Exception {
    try (Serde<RevocationCommand> serde =
            ConfluentAvroSerde.specific(
                RevocationCommand.class, Map.of("schema.registry.url", registryUrl), false);
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                (topic, bytes) -> bytes)) {
      for (String id : commandIds) {
        RevocationCommand command = Commands.revokeToken(id);
        producer
            .send(
                new ProducerRecord<>(
                    TOPIC, command.getIdentityId(), serde.serializer().serialize(TOPIC, command)))
            .get();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
