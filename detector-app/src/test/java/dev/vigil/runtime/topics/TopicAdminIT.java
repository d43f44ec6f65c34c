package dev.vigil.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.runtime.broker.EmbeddedKafkaExtension;
import dev.vigil.runtime.config.PrefixedTopics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicAdminIT {

  @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @Test
  void createsMissingTopicsWithACompactedSinglePartitionRulesTopic() throws Exception {
    VigilTopics topics = PrefixedTopics.under("create");
    List<TopicSpec> specs = TopicSpec.vigilTopics(topics, 3, (short) 1);

    try (TopicAdmin admin = TopicAdmin.connect(clientConfig())) {
      assertThat(admin.ensure(specs, true))
          .containsExactly(
              topics.authEvents(),
              topics.tokenEvents(),
              topics.alerts(),
              topics.revocations(),
              topics.rules(),
              topics.deadLetters(),
              topics.risk(),
              topics.ocsfFindings());
      assertThat(admin.ensure(specs, true)).isEmpty();
    }

    try (Admin admin = Admin.create(clientConfig())) {
      Map<String, TopicDescription> described =
          admin
              .describeTopics(List.of(topics.alerts(), topics.rules()))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS);
      assertThat(described.get(topics.alerts()).partitions()).hasSize(3);
      assertThat(described.get(topics.rules()).partitions()).hasSize(1);
      ConfigResource rules = new ConfigResource(ConfigResource.Type.TOPIC, topics.rules());
      assertThat(
              admin
                  .describeConfigs(List.of(rules))
                  .all()
                  .get(10, TimeUnit.SECONDS)
                  .get(rules)
                  .get("cleanup.policy")
                  .value())
          .isEqualTo("compact");
    }
  }

  @Test
  void whenNotAllowedToCreateNamesExactlyTheMissingTopics() {
    VigilTopics topics = PrefixedTopics.under("check");
    List<TopicSpec> specs = TopicSpec.vigilTopics(topics, 1, (short) 1);

    try (TopicAdmin admin = TopicAdmin.connect(clientConfig())) {
      List<String> absent = List.of(topics.rules(), topics.deadLetters());
      admin.ensure(specs.stream().filter(spec -> !absent.contains(spec.name())).toList(), true);

      assertThatThrownBy(() -> admin.ensure(specs, false))
          .isInstanceOfSatisfying(
              MissingTopicsException.class,
              e -> assertThat(e.missing()).containsExactly(topics.rules(), topics.deadLetters()))
          .hasMessage(
              "missing topics on "
                  + kafka.bootstrapServers()
                  + ": "
                  + topics.rules()
                  + ", "
                  + topics.deadLetters()
                  + "; create them, or let Vigil create them (vigil.topics.create=true)");
    }
  }

  @Test
  void aFailedCreationNamesTheTopicsAndTheBrokersAnswer() {
    VigilTopics topics = PrefixedTopics.under("rf");
    // A one-node cluster cannot hold three replicas.
    List<TopicSpec> specs = TopicSpec.vigilTopics(topics, 1, (short) 3);

    try (TopicAdmin admin = TopicAdmin.connect(clientConfig())) {
      assertThatThrownBy(() -> admin.ensure(specs, true))
          .isInstanceOfSatisfying(
              MissingTopicsException.class,
              e -> assertThat(e.missing()).hasSize(specs.size()).contains(topics.alerts()))
          .hasMessageContaining("creating them failed: InvalidReplicationFactorException");
    }
  }

  @Test
  void anUnreachableClusterIsReportedWithAddressTimeoutAndCause() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + closedPort;

    long started = System.nanoTime();
    assertThatThrownBy(
            () -> TopicAdmin.connect(Map.of("bootstrap.servers", bootstrap), Duration.ofSeconds(2)))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessageStartingWith("cannot reach Kafka at " + bootstrap + " within 2 s: ")
        .hasMessageContaining("Timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void anUnresolvableHostIsReportedTheSameWay() {
    String bootstrap = "kafka.does-not-exist.invalid:9092";
    assertThatThrownBy(
            () -> TopicAdmin.connect(Map.of("bootstrap.servers", bootstrap), Duration.ofSeconds(2)))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessageStartingWith("cannot reach Kafka at " + bootstrap + " within 2 s: ");
  }

  private static Map<String, Object> clientConfig() {
    return Map.of("bootstrap.servers", kafka.bootstrapServers());
  }
}
