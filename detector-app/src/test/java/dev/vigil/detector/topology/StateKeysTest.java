package dev.vigil.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Detectors;
import dev.vigil.detector.fixtures.TestPacks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateKeysTest {

  @Test
  void prefixesAreTheInitialsOfTheDetectorsName() {
    // Stored keys in changelogs depend on these: changing one orphans every state written before.
    assertThat(StateKeys.prefix("token-replay")).isEqualTo("tr:");
    assertThat(StateKeys.prefix("audience-mismatch")).isEqualTo("am:");
    assertThat(StateKeys.prefix("task-intent")).isEqualTo("ti:");
    assertThat(StateKeys.prefix("privilege")).isEqualTo("p:");
    assertThat(StateKeys.prefix("tool-fanout")).isEqualTo("tf:");
    assertThat(StateKeys.key("token-replay", "tok-7f3a")).isEqualTo("tr:tok-7f3a");
    assertThat(StateKeys.peerPrefix("privilege")).isEqualTo("pp:");
    assertThat(StateKeys.peerPrefix("tool-fanout")).isEqualTo("tfp:");
  }

  @Test
  void settingsRefuseTwoDetectorsWhoseStatesWouldMix() {
    List<Detector<?>> clash =
        List.of(new CountingDetector("task-intent"), new CountingDetector("token-issuance"));

    assertThatThrownBy(
            () ->
                new DetectorSettings(
                    TestPacks.standard(),
                    false,
                    Duration.ZERO,
                    Clock.systemUTC(),
                    clash,
                    (text, origin) -> TestPacks.standard()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task-intent")
        .hasMessageContaining("token-issuance")
        .hasMessageContaining("ti:");
  }

  @Test
  void everyShippedDetectorHasItsOwnPrefix() {
    assertThat(Detectors.all().stream().map(Detector::name).map(StateKeys::prefix))
        .doesNotHaveDuplicates();
  }

  @Test
  void settingsRefuseADetectorWhoseStatesWouldMixWithAnotherOnesPeerGroups() {
    // "privilege" keeps its groups under pp:, which a detector named "pod-policy" would claim.
    List<Detector<?>> clash =
        List.of(
            new dev.vigil.detector.privilege.PrivilegeDetector(),
            new CountingDetector("pod-policy"));

    assertThatThrownBy(
            () ->
                new DetectorSettings(
                    TestPacks.standard(),
                    false,
                    Duration.ZERO,
                    Clock.systemUTC(),
                    clash,
                    (text, origin) -> TestPacks.standard()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("privilege (peer groups)")
        .hasMessageContaining("pod-policy")
        .hasMessageContaining("pp:");
  }

  @Test
  void shippedPeerGroupsHaveTheirOwnPrefixes() {
    List<String> prefixes = new java.util.ArrayList<>();
    for (Detector<?> detector : Detectors.all()) {
      prefixes.add(StateKeys.prefix(detector.name()));
      if (detector instanceof dev.vigil.detector.baseline.PeerAware<?>) {
        prefixes.add(StateKeys.peerPrefix(detector.name()));
      }
    }
    assertThat(prefixes).contains("pp:", "tfp:").doesNotHaveDuplicates();
  }
}
