package dev.vigil.tools.replay;

import static dev.vigil.tools.replay.StratusReplayTest.SHARED;
import static dev.vigil.tools.replay.StratusReplayTest.STOLEN_KEY;
import static dev.vigil.tools.replay.StratusReplayTest.STRATUS;
import static dev.vigil.tools.replay.StratusReplayTest.THEFT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.adapters.SourceAdapters;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.tools.adapt.VendorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The Stratus captures (real CloudTrail, provenance in the README beside them) in the order the
 * trail holds them, not sorted as {@code vigil replay} sorts them, through the live topology at the
 * default grace: how a trail shipped as delivered reaches {@code vigil run}. CloudTrail writes each
 * service's and region's records in files of its own, so a trail runs out of order: within one
 * capture a record is up to a minute and a half behind the newest before it. Each topic keeps its
 * own time, and at the default grace (10 minutes) none of the 321 events is late and the stolen
 * instance key is caught as in the sorted replay. With the former default of 30 s, 69 of them were
 * dead-lettered as late.
 */
class StratusRecordedOrderTest {

  @Test
  void everyCaptureAsRecordedIsJudgedInFullAtTheDefaultGrace() throws IOException {
    Duration grace = VigilConfig.defaults().grace();
    Duration mostBehind = Duration.ZERO;
    int late = 0;
    List<String> theftAlerts = List.of();
    try (Stream<Path> files = Files.list(STRATUS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        List<SpecificRecord> events =
            VendorFiles.read(SourceAdapters.byName("cloudtrail"), List.of(file)).events();
        mostBehind = max(mostBehind, mostBehindPerTopic(events));
        try (TopologyHarness h = new TopologyHarness(RulePacks.defaultPack(), false, grace)) {
          events.forEach(e -> send(h, e));
          late += h.metrics.count("late");
          if (file.getFileName().toString().equals(THEFT)) {
            theftAlerts = h.alerts().stream().map(StratusRecordedOrderTest::describe).toList();
          }
        }
      }
    }

    assertThat(mostBehind)
        .as("the captures as recorded are out of order")
        .isGreaterThan(ofSeconds(60));
    assertThat(late).as("records dead-lettered as late").isZero();
    assertThat(theftAlerts).containsExactly(SHARED + " " + STOLEN_KEY);
  }

  private static Duration ofSeconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** How far the most out-of-order event is behind the newest before it on its own topic. */
  private static Duration mostBehindPerTopic(List<SpecificRecord> events) {
    Map<Boolean, Long> newest = new HashMap<>();
    long most = 0;
    for (SpecificRecord event : events) {
      boolean auth = event instanceof AuthEvent;
      long time =
          auth
              ? ((AuthEvent) event).getEventTime().toEpochMilli()
              : ((TokenUseEvent) event).getEventTime().toEpochMilli();
      long before = newest.getOrDefault(auth, Long.MIN_VALUE);
      if (before != Long.MIN_VALUE) {
        most = Math.max(most, before - time);
      }
      newest.put(auth, Math.max(before, time));
    }
    return Duration.ofMillis(most);
  }

  private static void send(TopologyHarness h, SpecificRecord event) {
    if (event instanceof AuthEvent auth) {
      h.send(AuthEvent.newBuilder(auth));
    } else {
      h.send(TokenUseEvent.newBuilder((TokenUseEvent) event));
    }
  }

  private static String describe(Alert a) {
    return a.getRuleId() + " " + a.getTokenId();
  }
}
