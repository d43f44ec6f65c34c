package dev.vigil.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EvidenceTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long HOUR = 3_600_000L;
  private static final Duration CAP = Duration.ofDays(14);

  private final Evidence evidence = new Evidence();

  @Test
  void activeDaysAre24HourPeriodsFromTheFirstEventNotCalendarDays() {
    long first = T0 + 23 * HOUR + 59 * 60_000L;
    evidence.active(first, first);
    evidence.active(first + 2 * 60_000L, first); // past midnight: the same day of this identity
    evidence.active(first + 23 * HOUR, first);
    assertThat(evidence.activeDays()).isEqualTo(1);

    evidence.active(first + 25 * HOUR, first);
    evidence.active(first + 26 * HOUR, first);
    evidence.active(first + 73 * HOUR, first); // a quiet day in between is not active
    assertThat(evidence.activeDays()).isEqualTo(3);

    evidence.active(first + 30 * HOUR, first); // late, on a day already counted
    assertThat(evidence.activeDays()).isEqualTo(3);
  }

  @Test
  void usesSinceGrowthRestartWhenTheBaselineTakesInSomethingNew() {
    for (int i = 0; i < 5; i++) {
      evidence.observed(i == 0);
    }
    assertThat(evidence.uses()).isEqualTo(5);
    assertThat(evidence.usesSinceGrowth()).isEqualTo(4);

    evidence.observed(true);
    assertThat(evidence.usesSinceGrowth()).isZero();
    evidence.observed(false);
    assertThat(evidence.uses()).isEqualTo(7);
    assertThat(evidence.usesSinceGrowth()).isEqualTo(1);
  }

  @Test
  void matureOnceStillForEnoughDaysAfterItLastGrewAndEnoughUsesOrAtTheCap() {
    long young = 3 * 24 * HOUR;
    evidence.active(T0, T0);
    evidence.observed(true); // day 0: the habit grows
    for (int day = 1; day <= 3; day++) {
      evidence.active(T0 + day * 24 * HOUR, T0);
      for (int i = 0; i < 6; i++) {
        evidence.observed(false);
      }
    }
    assertThat(evidence.daysSinceGrowth()).isEqualTo(3);
    assertThat(evidence.usesSinceGrowth()).isEqualTo(18);
    assertThat(evidence.mature(young, CAP, 3, 20)).isFalse();
    assertThat(evidence.rateKnown(young, CAP, 3, 19)).isTrue();
    evidence.observed(false);
    evidence.observed(false);
    assertThat(evidence.mature(young, CAP, 3, 20)).isTrue();
    assertThat(evidence.mature(young, CAP, 4, 20)).isFalse();

    evidence.observed(true); // grown before it settled: young again until it holds still
    assertThat(evidence.mature(young, CAP, 3, 20)).isFalse();
    assertThat(evidence.progress(young, CAP, 3, 20))
        .isEqualTo("0 of 3 active days and 0 of 20 uses without anything new, known for 3d of 14d");

    assertThat(new Evidence().mature(CAP.toMillis(), CAP, 3, 20)).isTrue();
  }

  @Test
  void aBaselineGrowingEveryDayOrTwoIsNeverMature() {
    for (int day = 0; day < 12; day++) {
      evidence.active(T0 + day * 24 * HOUR, T0);
      for (int i = 0; i < 100; i++) {
        evidence.observed(i == 0 && day % 2 == 0);
      }
      evidence.settle(3, 20);
      assertThat(evidence.mature(day * 24 * HOUR, CAP, 3, 20)).as("day %d", day).isFalse();
    }
  }

  @Test
  void onceSettledANewPrivilegeDoesNotMakeTheBaselineYoungAgain() {
    for (int day = 0; day < 4; day++) {
      evidence.active(T0 + day * 24 * HOUR, T0);
      for (int i = 0; i < 10; i++) {
        evidence.observed(day == 0 && i == 0);
      }
    }
    evidence.settle(3, 40);
    assertThat(evidence.settled()).isFalse(); // 29 uses since the growth
    evidence.settle(3, 20);
    assertThat(evidence.settled()).isTrue();

    evidence.observed(true);
    assertThat(evidence.mature(HOUR, CAP, 3, 20)).isTrue();
  }

  @Test
  void roundTripsThroughStateBytesAndRefusesImpossibleOnes() {
    evidence.active(T0, T0);
    evidence.active(T0 + 50 * HOUR, T0);
    evidence.observed(true);
    evidence.observed(false);
    StateOutput out = new StateOutput();
    evidence.write(out);
    byte[] bytes = out.toByteArray();
    assertThat(bytes).hasSize(5);

    Evidence read = new Evidence();
    read.read(new StateInput("test", bytes));
    assertThat(read).isEqualTo(evidence);
    assertThat(read.copy()).isEqualTo(evidence);

    byte[] impossible =
        new StateOutput()
            .writeVarUnsigned(2)
            .writeVarLong(0)
            .writeVarUnsigned(1)
            .writeVarUnsigned(5)
            .writeVarUnsigned(0)
            .toByteArray();
    assertThatThrownBy(() -> new Evidence().read(new StateInput("test", impossible)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 of 1 uses since growth");
  }
}
