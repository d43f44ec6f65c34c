package dev.vigil.tools.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.adapters.SourceAdapters;
import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.detector.topology.Topics;
import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The raw-topic normaliser on real CloudTrail records: a shipper's batch becomes one event per
 * record keyed by identity; a record the adapter cannot use and bytes that are not JSON go to the
 * dead-letter topic with their reason and place, scrubbed of secret-shaped text; every record is
 * counted by outcome.
 */
class NormaliserTopologyTest {

  static final Path STRATUS =
      Path.of("../adapters/src/test/resources/realdata/cloudtrail/stratus-red-team");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void mapsABatchAndDeadLettersWhatItCannotUse() throws Exception {
    byte[] capture =
        Files.readAllBytes(
            STRATUS.resolve("aws.credential-access.ec2-steal-instance-credentials.json"));
    String fakeSessionToken = "FwoGZXIvYXdzEJr//////////wEaDFakeSessionTokenForTheTest0123456789";
    String notJson = "session=" + fakeSessionToken + " and then garbage {";

    try (TopologyTestDriver driver = driver()) {
      TestInputTopic<byte[], byte[]> raw =
          driver.createInputTopic(
              "raw.cloudtrail", new ByteArraySerializer(), new ByteArraySerializer());
      raw.pipeInput(capture);
      raw.pipeInput(notJson.getBytes(StandardCharsets.UTF_8));

      List<TestRecord<String, TokenUseEvent>> uses =
          driver
              .createOutputTopic(
                  VigilTopics.DEFAULTS.tokenEvents(),
                  new StringDeserializer(),
                  TopologySerdes.avroBinary().tokenUse().deserializer())
              .readRecordsToList();
      TestOutputTopic<String, AuthEvent> auth =
          driver.createOutputTopic(
              VigilTopics.DEFAULTS.authEvents(),
              new StringDeserializer(),
              TopologySerdes.avroBinary().auth().deserializer());
      List<TestRecord<String, byte[]>> dead =
          driver
              .createOutputTopic(
                  VigilTopics.DEFAULTS.deadLetters(),
                  new StringDeserializer(),
                  new ByteArrayDeserializer())
              .readRecordsToList();

      assertThat(uses).hasSize(45);
      assertThat(uses).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getIdentityId()));
      assertThat(uses)
          .filteredOn(r -> "ASIAP5CT9NN8EYVU1FXV".equals(r.value().getTokenId()))
          .hasSize(2);
      assertThat(auth.isEmpty()).isTrue();

      assertThat(dead)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(header(d, DeadLetterHeaders.REASON)).isEqualTo("unreadable-record");
                assertThat(header(d, DeadLetterHeaders.TOPIC)).isEqualTo("raw.cloudtrail");
                assertThat(header(d, DeadLetterHeaders.OFFSET)).isEqualTo("1");
                assertThat(new String(d.value(), StandardCharsets.UTF_8))
                    .doesNotContain(fakeSessionToken)
                    .contains("[REDACTED]");
              });
    }
    assertThat(count("mapped", "none")).isEqualTo(45);
    assertThat(count("dead_lettered", "unreadable-record")).isEqualTo(1);
    assertThat(registry.get("vigil.adapter.events").tag("source", "cloudtrail").counter().count())
        .isEqualTo(45);
  }

  @Test
  void aRecordTheSourceDoesNotNeedIsCountedNotDeadLettered() {
    String awsServiceCall =
        "{\"eventVersion\":\"1.08\",\"eventID\":\"e-1\",\"eventTime\":\"2024-08-02T08:23:24Z\","
            + "\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Decrypt\","
            + "\"userIdentity\":{\"type\":\"AWSService\",\"invokedBy\":\"ec2.amazonaws.com\"},"
            + "\"sourceIPAddress\":\"ec2.amazonaws.com\"}";
    try (TopologyTestDriver driver = driver()) {
      driver
          .createInputTopic("raw.cloudtrail", new ByteArraySerializer(), new ByteArraySerializer())
          .pipeInput(awsServiceCall.getBytes(StandardCharsets.UTF_8));

      assertThat(
              driver
                  .createOutputTopic(
                      VigilTopics.DEFAULTS.deadLetters(),
                      new StringDeserializer(),
                      new ByteArrayDeserializer())
                  .isEmpty())
          .isTrue();
    }
    assertThat(
            registry.find("vigil.adapter.records").tag("outcome", "skipped").counters().stream()
                .mapToDouble(c -> c.count())
                .sum())
        .isEqualTo(1);
  }

  private TopologyTestDriver driver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "normaliser-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(
        NormaliserTopology.build(
            List.of(SourceAdapters.byName("cloudtrail")),
            Topics.of(VigilTopics.DEFAULTS, TopologySerdes.avroBinary()),
            new AdapterMetrics(registry)),
        props);
  }

  private double count(String outcome, String reason) {
    return registry
        .get("vigil.adapter.records")
        .tag("source", "cloudtrail")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .counter()
        .count();
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
