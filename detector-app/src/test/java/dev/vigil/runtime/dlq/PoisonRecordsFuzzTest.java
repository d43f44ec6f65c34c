package dev.vigil.runtime.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Detectors;
import dev.vigil.detector.fixtures.RecordingMetrics;
import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.detector.topology.DetectorSettings;
import dev.vigil.detector.topology.StoreKind;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.detector.topology.VigilTopology;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.serde.registry.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Poison records into the live topology, configured as {@code vigil run} configures it (the
 * production Streams settings, the Confluent wire-format serdes on a registry, the dead-letter
 * handlers): random bytes under random keys on either input topic never stop the stream thread
 * (TopologyTestDriver rethrows anything that would), and each lands in the dead-letter topic with a
 * reason and its source; a valid payload with a few bytes damaged is judged or dead-lettered, never
 * anything else. One driver serves every try, so the topology also keeps running across them.
 */
class PoisonRecordsFuzzTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final String SCOPE = "poison-" + UUID.randomUUID();

  private static Path stateDir;
  private static TopologyTestDriver driver;
  private static TestInputTopic<byte[], byte[]> auth;
  private static TestInputTopic<byte[], byte[]> tokenUse;
  private static TestOutputTopic<String, byte[]> deadLetters;
  private static byte[] validAuth;
  private static byte[] validTokenUse;

  @BeforeContainer
  static void start() throws Exception {
    stateDir = Files.createTempDirectory("vigil-poison");
    VigilConfig config =
        VigilConfig.builder()
            .environment(Map.of())
            .commandLine("vigil.schema.registry.url", "mock://" + SCOPE)
            .commandLine("state.dir", stateDir.toString())
            .build();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    DetectorSettings settings =
        new DetectorSettings(
            RulePacks.defaultPack(),
            false,
            config.grace(),
            clock,
            Detectors.all(),
            RulePacks::parse);
    var serdes = DetectorApp.serdes(config.serdeConfig());
    VigilTopics topics = config.topics();
    driver =
        new TopologyTestDriver(
            VigilTopology.build(
                topics,
                serdes,
                settings,
                new RecordingMetrics(),
                StoreKind.PERSISTENT,
                config.eventTimeBounds(clock)),
            props(config),
            NOW);
    auth =
        driver.createInputTopic(
            topics.authEvents(), new ByteArraySerializer(), new ByteArraySerializer());
    tokenUse =
        driver.createInputTopic(
            topics.tokenEvents(), new ByteArraySerializer(), new ByteArraySerializer());
    deadLetters =
        driver.createOutputTopic(
            topics.deadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
    AuthEvent event = SampleEvents.authEvent();
    event.setEventTime(NOW.minusSeconds(5));
    validAuth = serdes.auth().serializer().serialize(topics.authEvents(), event);
    TokenUseEvent use = SampleEvents.tokenUseEvent();
    use.setEventTime(NOW.minusSeconds(5));
    validTokenUse = serdes.tokenUse().serializer().serialize(topics.tokenEvents(), use);
  }

  /**
   * The production settings but at-least-once: TopologyTestDriver shows a transaction's output only
   * once the task commits, and a record the deserialization handler dead-letters does not make the
   * task commit, so under exactly-once the driver would show no dead letter at all. PoisonRecordsIT
   * checks the exactly-once path against a real broker.
   */
  private static Properties props(VigilConfig config) {
    Properties properties = config.streamsProperties();
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    return properties;
  }

  @AfterContainer
  static void stop() throws Exception {
    driver.close();
    MockSchemaRegistry.dropScope(SCOPE);
    try (var paths = Files.walk(stateDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 300)
  void randomBytesLandInTheDeadLetterTopicWithAReason(
      @ForAll boolean onTokenTopic,
      @ForAll @Size(max = 16) byte[] key,
      @ForAll @Size(max = 300) byte[] value) {
    TestInputTopic<byte[], byte[]> topic = onTokenTopic ? tokenUse : auth;
    // A wire-format payload needs magic byte 0 and a registered id; random bytes rarely have both.
    if (value.length > 0 && value[0] == 0) {
      value[0] = 1;
    }

    topic.pipeInput(new TestRecord<>(key, value, NOW));

    List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
    assertThat(dead)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.value()).isEqualTo(value);
              assertThat(header(record, DeadLetterHeaders.REASON)).isNotBlank();
              assertThat(header(record, DeadLetterHeaders.TOPIC))
                  .isEqualTo(
                      onTokenTopic
                          ? VigilTopics.DEFAULTS.tokenEvents()
                          : VigilTopics.DEFAULTS.authEvents());
            });
  }

  @Property(tries = 300)
  void damagedPayloadsAreJudgedOrDeadLetteredWithAReason(
      @ForAll boolean onTokenTopic,
      @ForAll @IntRange(min = 1, max = 4) int mutations,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    Random random = new Random(seed);
    byte[] payload = (onTokenTopic ? validTokenUse : validAuth).clone();
    for (int i = 0; i < mutations; i++) {
      int at = random.nextInt(payload.length);
      switch (random.nextInt(3)) {
        case 0 -> payload[at] = (byte) random.nextInt();
        case 1 -> payload = Arrays.copyOf(payload, Math.max(at, 1));
        default -> payload[at] ^= (byte) (1 << random.nextInt(8));
      }
    }

    (onTokenTopic ? tokenUse : auth)
        .pipeInput(new TestRecord<>("id".getBytes(StandardCharsets.UTF_8), payload, NOW));

    assertThat(deadLetters.readRecordsToList())
        .hasSizeLessThanOrEqualTo(1)
        .allSatisfy(record -> assertThat(header(record, DeadLetterHeaders.REASON)).isNotBlank());
  }

  @Example
  void theValidPayloadsAreJudgedNotDeadLettered() {
    deadLetters.readRecordsToList();
    auth.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), validAuth, NOW));
    tokenUse.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), validTokenUse, NOW));

    assertThat(deadLetters.readRecordsToList()).isEmpty();
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
