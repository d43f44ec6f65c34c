package dev.vigil.tools.replay;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.Detector;
import dev.vigil.detector.ForwardingDetectionMetrics;
import dev.vigil.detector.rulestore.RulePackParser;
import dev.vigil.detector.topology.DetectorSettings;
import dev.vigil.detector.topology.StoreKind;
import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.detector.topology.VigilTopology;
import dev.vigil.detector.topology.WarmUp;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.Detection;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.RulePack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs the production topology over a list of events without a broker: the events in event-time
 * order (stable for equal times, whatever the input order), through a {@link TopologyTestDriver},
 * under one rule pack. Backtesting, and how a rule change is tried on history.
 */
public final class ReplayRunner {

  /** Sorted input never falls behind stream time by more than this; it only covers equal times. */
  private static final Duration GRACE = Duration.ofMinutes(5);

  private final RulePack pack;
  private final List<Detector<?>> detectors;
  private final boolean observeOnly;
  private final Clock clock;
  private final WarmUp warmUp;

  /**
   * @param observeOnly mark every revocation command {@code dry_run} (a replay never acts, but the
   *     flag says whether the pack would have acted in production)
   */
  public ReplayRunner(
      RulePack pack, List<Detector<?>> detectors, boolean observeOnly, Clock clock) {
    this(pack, detectors, observeOnly, clock, WarmUp.NONE);
  }

  /**
   * @param warmUp with a go-live ({@link WarmUp#goingLiveAt}), events before it build state only
   */
  public ReplayRunner(
      RulePack pack, List<Detector<?>> detectors, boolean observeOnly, Clock clock, WarmUp warmUp) {
    this.pack = pack;
    this.detectors = List.copyOf(detectors);
    this.observeOnly = observeOnly;
    this.clock = clock;
    this.warmUp = warmUp;
  }

  /**
   * The driver keeps every record written to any topic until it is read, the state stores'
   * changelogs included, and the detector store writes each changed state (peer-group baselines of
   * a few kilobytes among them) at every commit, which the driver makes after every record: a
   * cold-start replay of 1.2 million events held gigabytes of changelog. A replay never reads them.
   */
  private static final int DRAIN_INTERNAL_EVERY = 1_000;

  private static void dropInternalTopics(TopologyTestDriver driver) {
    for (String topic : driver.producedTopicNames()) {
      if (topic.endsWith("-changelog") || topic.endsWith("-repartition")) {
        TestOutputTopic<byte[], byte[]> records =
            driver.createOutputTopic(
                topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        while (!records.isEmpty()) {
          records.readRecord();
        }
      }
    }
  }

  /** The instant {@code after} the earliest event time of {@code events}, or null if none. */
  public static Instant firstEventTimePlus(List<SpecificRecord> events, Duration after) {
    return events.stream()
        .map(ReplayRunner::eventTime)
        .min(Comparator.naturalOrder())
        .map(first -> first.plus(after))
        .orElse(null);
  }

  public ReplayResult run(List<SpecificRecord> events) {
    List<SpecificRecord> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparing(ReplayRunner::eventTime));
    AtomicLong late = new AtomicLong();
    long[] history = new long[3];
    // The pack is fixed for a replay; nothing is published on the rules topic.
    RulePackParser noRulesTopic =
        (text, origin) -> {
          throw new IllegalStateException("replay reads no rules topic");
        };
    DetectorSettings settings =
        new DetectorSettings(pack, observeOnly, GRACE, clock, detectors, noRulesTopic)
            .withWarmUp(warmUp);
    VigilTopics topics = VigilTopics.DEFAULTS;
    TopologySerdes serdes = TopologySerdes.avroBinary();
    Path stateDir = tempDir();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-replay");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The driver commits after every record: a record cache would only be flushed straight away.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    // As the detector runs: handlers for the global rules table too (and no hint about it).
    props.put("processing.exception.handler.global.enabled", "true");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            VigilTopology.build(
                topics, serdes, settings, counting(late, history), StoreKind.IN_MEMORY),
            props)) {
      TestInputTopic<String, AuthEvent> auth =
          driver.createInputTopic(
              topics.authEvents(), new StringSerializer(), serdes.auth().serializer());
      TestInputTopic<String, TokenUseEvent> uses =
          driver.createInputTopic(
              topics.tokenEvents(), new StringSerializer(), serdes.tokenUse().serializer());
      TestOutputTopic<String, Alert> alerts =
          driver.createOutputTopic(
              topics.alerts(), new StringDeserializer(), serdes.alert().deserializer());
      TestOutputTopic<String, RevocationCommand> revocations =
          driver.createOutputTopic(
              topics.revocations(), new StringDeserializer(), serdes.revocation().deserializer());
      TestOutputTopic<String, byte[]> ocsf =
          driver.createOutputTopic(
              topics.ocsfFindings(), new StringDeserializer(), new ByteArrayDeserializer());
      List<Alert> alertsOut = new ArrayList<>();
      List<ReplayResult.KeyedFinding> ocsfOut = new ArrayList<>();
      List<RevocationCommand> commandsOut = new ArrayList<>();
      long piped = 0;
      for (SpecificRecord event : ordered) {
        if (event instanceof AuthEvent a) {
          auth.pipeInput(new TestRecord<>(a.getIdentityId(), a, a.getEventTime()));
        } else {
          TokenUseEvent u = (TokenUseEvent) event;
          uses.pipeInput(new TestRecord<>(u.getIdentityId(), u, u.getEventTime()));
        }
        // Drained as it goes, so output never piles up inside the driver.
        if (++piped % DRAIN_INTERNAL_EVERY == 0) {
          dropInternalTopics(driver);
        }
        if (!alerts.isEmpty()) {
          alertsOut.addAll(alerts.readValuesToList());
        }
        if (!revocations.isEmpty()) {
          commandsOut.addAll(revocations.readValuesToList());
        }
        while (!ocsf.isEmpty()) {
          TestRecord<String, byte[]> finding = ocsf.readRecord();
          ocsfOut.add(
              new ReplayResult.KeyedFinding(
                  finding.key(), new String(finding.value(), StandardCharsets.UTF_8)));
        }
      }
      return new ReplayResult(
          alertsOut,
          commandsOut,
          ordered.size(),
          late.get(),
          ocsfOut,
          new ReplayResult.History(history[0], history[1], history[2]));
    } finally {
      deleteQuietly(stateDir);
    }
  }

  private static Instant eventTime(SpecificRecord event) {
    if (event instanceof AuthEvent a) {
      return a.getEventTime();
    }
    if (event instanceof TokenUseEvent u) {
      return u.getEventTime();
    }
    throw new IllegalArgumentException("not an event: " + event.getSchema().getFullName());
  }

  /** Counts late events, and history learned ([0]), beyond the horizon ([1]) and its findings. */
  private static DetectionMetrics counting(AtomicLong late, long[] history) {
    return new ForwardingDetectionMetrics(DetectionMetrics.NONE) {
      @Override
      public void lateEvent(String eventType) {
        late.incrementAndGet();
        super.lateEvent(eventType);
      }

      @Override
      public void historyEvent(boolean learned) {
        history[learned ? 0 : 1]++;
      }

      @Override
      public void historyFinding(Detection detection, String ruleId, boolean retrospective) {
        history[2]++;
      }
    };
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("vigil-replay");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory for the replay", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless; the replay's result stands.
    }
  }
}
