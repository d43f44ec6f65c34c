package dev.vigil.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakPlanTest {

  private static SoakPlan plan(int kills, int instances, boolean brokerRestart, long seed) {
    return new SoakPlan(
        kills,
        instances,
        brokerRestart,
        seed,
        4,
        50,
        50,
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(3),
        Duration.ofSeconds(10));
  }

  @Test
  void theSameSeedGivesTheSameKillsAndAnotherSeedOthers() {
    assertThat(plan(10, 2, true, 7).schedule()).isEqualTo(plan(10, 2, true, 7).schedule());
    assertThat(plan(10, 2, true, 7).schedule()).isNotEqualTo(plan(10, 2, true, 8).schedule());
  }

  @Test
  void everyGapIsWithinItsBoundsAndEveryVictimExists() {
    assertThat(plan(200, 2, true, 3).schedule())
        .hasSize(200)
        .allSatisfy(
            k -> {
              assertThat(k.gap()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(30));
              assertThat(k.victim()).isBetween(0, 1);
            })
        .extracting(SoakPlan.Kill::victim)
        .contains(0, 1);
    assertThat(plan(20, 1, true, 3).schedule()).extracting(SoakPlan.Kill::victim).containsOnly(0);
  }

  @Test
  void theBrokerRestartsHalfWaySoThereAreKillsOnBothSides() {
    assertThat(plan(10, 1, true, 1).brokerRestartAfterKill()).isEqualTo(5);
    assertThat(plan(2, 1, true, 1).brokerRestartAfterKill()).isEqualTo(1);
    assertThat(plan(1, 1, true, 1).brokerRestartAfterKill()).isEqualTo(1);
    assertThat(plan(0, 1, true, 1).brokerRestartAfterKill()).isZero();
    assertThat(plan(10, 1, false, 1).brokerRestartAfterKill()).isEqualTo(-1);
  }

  @Test
  void refusesWhatCannotRun() {
    assertThatThrownBy(() -> plan(-1, 1, true, 1)).hasMessageContaining("--kills");
    assertThatThrownBy(() -> plan(1, 3, true, 1)).hasMessageContaining("--instances");
    assertThatThrownBy(
            () ->
                new SoakPlan(
                    1,
                    1,
                    true,
                    1,
                    4,
                    50,
                    50,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(10),
                    Duration.ofMinutes(3),
                    Duration.ZERO))
        .hasMessageContaining("--max-gap");
  }
}
