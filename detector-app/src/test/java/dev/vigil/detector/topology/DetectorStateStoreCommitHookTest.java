package dev.vigil.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DetectorStateStore} relies on Kafka Streams calling the internal {@code
 * CachedStateStore.flushCache()} hook at every commit: that call is the only way its decoded states
 * reach the changelogged store. Here in a {@link TopologyTestDriver}, which commits the way a
 * stream thread does ({@code StreamTask.prepareCommit}) after every record; {@code
 * DetectorStateStoreCommitHookIT} checks the same on a real broker with exactly-once, and restores
 * the state from the changelog. If a Kafka upgrade stops calling the hook, these fail: see the
 * class comment of {@link DetectorStateStore} for what to do.
 */
class DetectorStateStoreCommitHookTest {

  private static final String APPLICATION = "hook-test";
  private static final String CHANGELOG =
      APPLICATION + "-" + CommitHookTopology.STORE + "-changelog";

  private Path stateDir;
  private TopologyTestDriver driver;

  @BeforeEach
  void clear() throws Exception {
    CommitHookTopology.clear();
    stateDir = Files.createTempDirectory("vigil-hook-ttd");
  }

  @AfterEach
  void close() throws Exception {
    if (driver != null) {
      driver.close();
    }
    Utils.delete(stateDir.toFile());
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void kafkaCallsFlushCacheAtEachCommitAndOnlyThenDoStatesReachTheChangelog(StoreKind kind) {
    driver = new TopologyTestDriver(CommitHookTopology.build(kind), properties());
    TestInputTopic<String, String> events =
        driver.createInputTopic(
            CommitHookTopology.SOURCE_TOPIC, new StringSerializer(), new StringSerializer());
    TestOutputTopic<String, Integer> counts =
        driver.createOutputTopic(
            CommitHookTopology.OUTPUT_TOPIC, new StringDeserializer(), new IntegerDeserializer());
    TestOutputTopic<String, byte[]> changelog =
        driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new ByteArrayDeserializer());

    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    events.pipeInput("svc-a", "e-1", t);
    events.pipeInput("svc-a", "e-2", t.plusSeconds(1));
    events.pipeInput("svc-b", "e-3", t.plusSeconds(2));
    events.pipeInput("svc-a", "e-4", t.plusSeconds(3));

    assertThat(counts.readValuesToList()).containsExactly(1, 2, 1, 3);
    assertStatesWrittenOnlyByKafkaAtCommit();
    // The driver commits after each record: one flushed write per record.
    assertThat(CommitHookTopology.WRITES).hasSize(4);
    Map<String, Integer> latest = new LinkedHashMap<>();
    for (TestRecord<String, byte[]> record : changelog.readRecordsToList()) {
      latest.put(record.key(), CommitHookTopology.count(record.value()));
    }
    assertThat(latest)
        .as("changelog %s", CHANGELOG)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                CommitHookTopology.stateKey("svc-a"), 3, CommitHookTopology.stateKey("svc-b"), 1));
  }

  /**
   * No state reached the changelogged store while the processor ran, some did, and each write was
   * made from a call of {@code DetectorStateStore.flushCache()} by Kafka Streams, inside its
   * commit. Shared with the IT.
   */
  static void assertStatesWrittenOnlyByKafkaAtCommit() {
    assertThat(CommitHookTopology.WRITES_DURING_PROCESS)
        .as("the processor only puts into the slice; nothing may reach the inner store then")
        .isEmpty();
    assertThat(CommitHookTopology.WRITES)
        .as(
            "states written to the changelogged store: none means Kafka Streams no longer calls"
                + " DetectorStateStore.flushCache() at commit (see that class's comment)")
        .isNotEmpty();
    for (CommitHookTopology.Write write : CommitHookTopology.WRITES) {
      assertFlushedByKafkaAtCommit(write);
    }
  }

  /**
   * The write came from {@code DetectorStateStore.flushCache()}, called by a Kafka Streams class
   * (not by Vigil), somewhere below a Kafka Streams commit method.
   */
  private static void assertFlushedByKafkaAtCommit(CommitHookTopology.Write write) {
    StackWalker.StackFrame caller = write.flushCacheCaller();
    assertThat(caller)
        .as(
            "write of %s reached the changelogged store without DetectorStateStore.flushCache():%n%s",
            write.key(), write.describe())
        .isNotNull();
    assertThat(caller.getClassName())
        .as(
            "DetectorStateStore.flushCache() must be called by Kafka Streams itself; stack:%n%s",
            write.describe())
        .startsWith("org.apache.kafka.streams.");
    assertThat(write.stack())
        .as(
            "flushCache() is Kafka's commit-time hook: a Kafka Streams commit method must be below"
                + " it; stack:%n%s",
            write.describe())
        .anySatisfy(
            frame -> {
              assertThat(frame.getClassName()).startsWith("org.apache.kafka.streams.");
              assertThat(frame.getMethodName()).containsIgnoringCase("commit");
            });
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return props;
  }
}
