package dev.vigil.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.Detectors;
import dev.vigil.detector.fixtures.TestPacks;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopologyNamingTest {

  @Test
  void everyProcessorStoreAndInternalTopicHasAStableName() {
    DetectorSettings settings =
        new DetectorSettings(
            TestPacks.standard(),
            false,
            Duration.ofMinutes(2),
            Clock.systemUTC(),
            Detectors.all(),
            (text, origin) -> TestPacks.standard());
    String description =
        VigilTopology.build(
                VigilTopics.DEFAULTS, TopologySerdes.avroBinary(), settings, DetectionMetrics.NONE)
            .describe()
            .toString();

    // Generated names (KSTREAM-FILTER-0000000012 and the like) shift whenever the topology changes.
    assertThat(description).doesNotContainPattern("KSTREAM-|KTABLE-|KSOURCE-");
    assertThat(description)
        .contains("events-by-identity-repartition")
        .doesNotContain("events-by-token", "findings-by-identity")
        .contains("revocation-candidates-repartition")
        .contains("vigil-detector-state")
        .contains("vigil-alert-suppression", "vigil-revocation-cap", "vigil-rules")
        .contains("dead-letters-sink", "alerts-sink", "revocations-sink");
  }
}
