package dev.vigil.detector.privilege;

import static dev.vigil.detector.privilege.PrivilegeFixtures.day;
import static dev.vigil.detector.privilege.PrivilegeFixtures.dormantParams;
import static dev.vigil.detector.privilege.PrivilegeFixtures.pack;
import static dev.vigil.detector.privilege.PrivilegeFixtures.rule;
import static dev.vigil.detector.privilege.PrivilegeFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RuleParams;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dormant_wakeup against the identity's own rhythm, between a floor and a ceiling. */
class DormancyRhythmTest {

  private static Map<String, Object> shippedParams() {
    Map<String, Object> params = dormantParams();
    params.put("dormancy", Duration.ofDays(45));
    params.put("min_dormancy", Duration.ofDays(7));
    params.put("rhythm_multiplier", 2.0);
    params.put("min_active_days", 3);
    return params;
  }

  private final PrivilegeFeed feed =
      new PrivilegeFeed(pack(rule("dw", RuleKind.DORMANT_WAKEUP, shippedParams())));
  private int sequence;

  private List<Finding> call(Instant at, String privilege) {
    return feed.send(use("e-" + sequence++, at, "github", "op").privilege(privilege).build());
  }

  private void daily(int from, int to) {
    for (int d = from; d <= to; d++) {
      for (int h = 9; h < 17; h++) {
        assertThat(call(day(d + h / 24.0), "secrets:write")).isEmpty();
      }
    }
  }

  @Test
  void anIdentityThatActedDailyIsDormantAfterAWeekAndFiresOnAPrivilegeItNeverUsed() {
    daily(0, 9);

    List<Finding> findings = call(day(20), "admin:org");

    assertThat(findings)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.summary())
                    .contains(
                        "silent for 10d",
                        "its longest silence before was 17h",
                        "dormant past 7d",
                        "not among those it used",
                        "'admin:org'"));
  }

  @Test
  void resumingItsUsualPrivilegedWorkAfterAHolidayIsRoutine() {
    daily(0, 9);

    assertThat(call(day(25), "secrets:write")).isEmpty();
    assertThat(call(day(25).plusSeconds(600), "repo:read")).isEmpty();
  }

  @Test
  void neverDormantBelowTheFloorWhateverTheRhythm() {
    daily(0, 9);

    assertThat(call(day(15.4), "admin:org")).as("silent 5d 23h").isEmpty();
  }

  @Test
  void aMonthlyJobIsNotDormantAfterFortyDaysButIsPastTheCeiling() {
    // Seen on two month-ends: its rhythm is not known (2 of 3 active days), so only the ceiling.
    call(day(0.1), "secrets:write");
    call(day(30.1), "secrets:write");

    assertThat(call(day(70.1), "admin:org")).as("40 days after its last run").isEmpty();
    assertThat(call(day(116.2), "secrets:write"))
        .as("46 days on: past the ceiling any privileged action fires, even a usual one")
        .singleElement()
        .satisfies(f -> assertThat(f.summary()).doesNotContain("longest silence"));
  }

  @Test
  void aWeeklyJobIsDormantOnlyPastTwiceItsWeek() {
    for (int week = 0; week < 4; week++) {
      call(day(7 * week + 0.1), "secrets:write");
    }

    assertThat(call(day(21.1 + 13), "admin:org")).as("13 days: under 2 x 7d").isEmpty();
  }

  @Test
  void aWeeklyJobSilentForMoreThanTwoWeeksIsDormant() {
    for (int week = 0; week < 4; week++) {
      call(day(7 * week + 0.1), "secrets:write");
    }

    assertThat(call(day(21.1 + 15), "admin:org")).as("15 days: over 2 x 7d").hasSize(1);
  }

  @Test
  void theThresholdIsTheCeilingUntilTheRhythmIsKnownAndTheFloorNeverExceedsIt() {
    RuleParams params = new RuleParams(shippedParams());
    long day = Duration.ofDays(1).toMillis();

    assertThat(DormantWakeupCheck.threshold(params, 3_600_000L, 2)).isEqualTo(45 * day);
    assertThat(DormantWakeupCheck.threshold(params, 3_600_000L, 3)).isEqualTo(7 * day);
    assertThat(DormantWakeupCheck.threshold(params, 10 * day, 3)).isEqualTo(20 * day);
    assertThat(DormantWakeupCheck.threshold(params, 30 * day, 9)).isEqualTo(45 * day);

    Map<String, Object> demo = shippedParams();
    demo.put("dormancy", Duration.ofHours(10));
    assertThat(DormantWakeupCheck.floor(new RuleParams(demo))).isEqualTo(Duration.ofHours(10));
    assertThat(DormantWakeupCheck.threshold(new RuleParams(demo), 60_000L, 5))
        .isEqualTo(Duration.ofHours(10).toMillis());
  }
}
