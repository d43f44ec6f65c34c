package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.broker.EmbeddedKafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil reset} on a real broker: a detector that has read its input (committed offsets), has
 * a changelog topic and local state is set back to the start; with --dry-run nothing changes.
 */
class ResetCommandIT {

  private static final String APP = "vigil-reset-it";
  private static final String AUTH = "reset-it.auth";
  private static final String TOKEN = "reset-it.token";
  private static final String CHANGELOG = APP + "-detector-store-changelog";

  @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path stateDir;

  @Test
  void setsTheDetectorBackToTheStartAndADryRunChangesNothing() throws Exception {
    kafka.createTopics(
        new NewTopic(AUTH, 1, (short) 1),
        new NewTopic(TOKEN, 1, (short) 1),
        new NewTopic(CHANGELOG, 1, (short) 1));
    produceAndCommit(AUTH, 5);
    Path local = Files.createDirectories(stateDir.resolve(APP).resolve("0_0"));
    Files.writeString(local.resolve("store"), "state");

    StringWriter out = new StringWriter();
    assertThat(reset(out, "--dry-run")).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).contains("would remove " + stateDir.resolve(APP));
    assertThat(committed()).isEqualTo(5);
    assertThat(topics()).contains(CHANGELOG);
    assertThat(local).exists();

    out = new StringWriter();
    assertThat(reset(out)).as("%s", out).isEqualTo(ExitCode.OK);
    assertThat(committed()).isZero();
    assertThat(topics()).doesNotContain(CHANGELOG).contains(AUTH, TOKEN);
    assertThat(stateDir.resolve(APP)).doesNotExist();
    assertThat(out.toString()).contains("removed " + stateDir.resolve(APP)).contains("Reset done");
  }

  @Test
  void anUnreachableClusterIsNamed() {
    StringWriter err = new StringWriter();
    int exit =
        VigilCli.commandLine()
            .setErr(new PrintWriter(err, true))
            .setOut(new PrintWriter(new StringWriter(), true))
            .execute("reset", "--bootstrap-servers", "127.0.0.1:1");

    assertThat(exit).isEqualTo(ExitCode.CLUSTER_PROBLEM);
    assertThat(err.toString()).contains("cannot reach Kafka at 127.0.0.1:1");
  }

  private int reset(StringWriter out, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "reset",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--set",
                "application.id=" + APP,
                "--set",
                "state.dir=" + stateDir,
                "--set",
                "vigil.topic.auth.events=" + AUTH,
                "--set",
                "vigil.topic.token.events=" + TOKEN));
    args.addAll(List.of(extra));
    return VigilCli.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(out, true))
        .execute(args.toArray(String[]::new));
  }

  private static void produceAndCommit(String topic, int count) throws Exception {
    Map<String, Object> producerConfig =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "id-" + i, "event-" + i)).get();
      }
    }
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(count)));
    }
  }

  private static long committed() {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      OffsetAndMetadata offset =
          consumer.committed(Set.of(new TopicPartition(AUTH, 0))).get(new TopicPartition(AUTH, 0));
      return offset == null ? -1 : offset.offset();
    }
  }

  private static Set<String> topics() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    }
  }

  private static KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            APP),
        new StringDeserializer(),
        new StringDeserializer());
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }
}
