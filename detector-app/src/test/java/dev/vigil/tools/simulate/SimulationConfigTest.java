package dev.vigil.tools.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulationConfigTest {

  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void defaultsTheWarmUpToHalfTheRun() {
    SimulationConfig config = SimulationConfig.of(1, START, 3, 10, 2);

    assertThat(config.warmUp()).isEqualTo(Duration.ofHours(36));
    assertThat(config.end()).isEqualTo(Instant.parse("2026-11-05T00:00:00Z"));
  }

  @Test
  void rejectsWhatCannotBeSimulatedNamingTheOption() {
    assertThatThrownBy(() -> SimulationConfig.of(1, START, 0, 10, 2)).hasMessageContaining("days");
    assertThatThrownBy(() -> SimulationConfig.of(1, START, 1, 0, 2))
        .hasMessageContaining("identities");
    assertThatThrownBy(() -> SimulationConfig.of(1, START, 1, 10, -1))
        .hasMessageContaining("attacks per detection");
    assertThatThrownBy(() -> new SimulationConfig(1, START, 2, 10, 2, Duration.ofDays(2)))
        .hasMessageContaining("warm-up");
    assertThatThrownBy(() -> SimulationConfig.of(1, null, 1, 10, 2)).hasMessageContaining("start");
  }

  @Test
  void aTinyEstateStillPlacesEveryScenarioItCanAndSaysWhichItCannot() {
    SimulatedEstate estate = new SimulatedEstate(SimulationConfig.of(2, START, 1, 6, 4));
    estate.events().forEach(e -> {});

    assertThat(estate.labels()).isNotEmpty();
    assertThat(estate.labels().size() + estate.unplacedCampaigns()).isEqualTo(32);
    assertThat(estate.unplacedCampaigns()).isPositive();
  }
}
