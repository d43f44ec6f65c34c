package dev.vigil.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoScoreTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static final CampaignLabel REPLAY =
      label("camp-000", Detection.TOKEN_REPLAY, true, "svc-a", 30);
  private static final CampaignLabel FANOUT =
      label("camp-001", Detection.LATERAL_MOVEMENT, true, "svc-b", 30);
  private static final CampaignLabel LATE_INTENT =
      label("camp-002", Detection.ACCESS_OUTLIVES_INTENT, true, "agent-c", 55);
  private static final CampaignLabel MISSED_BURST =
      label("camp-003", Detection.SUDDEN_PRIVILEGE_USE, true, "ci-d", 20);
  private static final CampaignLabel LOOK_ALIKE =
      label("camp-004", Detection.TOKEN_REPLAY, false, "svc-e", 30);

  /** Struck at 30 s, but its last calls came at 58 s: at 60 s still to come, not missed. */
  private static final CampaignLabel SLOW_WAKEUP =
      label("camp-005", Detection.SUDDEN_PRIVILEGE_USE, true, "svc-f", 30, 28);

  private final DemoScore score =
      new DemoScore(
          List.of(REPLAY, FANOUT, LATE_INTENT, MISSED_BURST, LOOK_ALIKE, SLOW_WAKEUP), NOW);

  @Test
  void labelsEachAlertByWhatItFiredOnAndCountsThemInTheTable() {
    DemoScore.Verdict caught = score.judge(alert(Detection.TOKEN_REPLAY, "svc-a", 31), at(33));
    DemoScore.Verdict other =
        score.judge(alert(Detection.SUDDEN_PRIVILEGE_USE, "svc-b", 31), at(34));
    DemoScore.Verdict lookAlike = score.judge(alert(Detection.TOKEN_REPLAY, "svc-e", 31), at(35));
    DemoScore.Verdict ordinary =
        score.judge(alert(Detection.LATERAL_MOVEMENT, "svc-x", 31), at(36));
    DemoScore.Verdict history =
        score.judge(alert(Detection.LATERAL_MOVEMENT, "svc-y", -7_200), at(37));

    assertThat(caught).isEqualTo(new DemoScore.Verdict(DemoScore.Kind.ATTACK, "camp-000 replay"));
    assertThat(other.kind()).isEqualTo(DemoScore.Kind.ATTACK);
    assertThat(other.note()).isEqualTo("camp-001 lateral, a LATERAL_MOVEMENT attack");
    assertThat(lookAlike.kind()).isEqualTo(DemoScore.Kind.LOOK_ALIKE);
    assertThat(lookAlike.note()).startsWith("FALSE ALERT on look-alike camp-004");
    assertThat(ordinary.kind()).isEqualTo(DemoScore.Kind.ORDINARY);
    assertThat(history.kind()).isEqualTo(DemoScore.Kind.ORDINARY);

    assertThat(score.table(at(60)))
        .containsExactly(
            "detection                attacks  caught  missed  to come false alerts  first caught",
            "TOKEN_REPLAY                   1       1       0        0            1  33.0 s",
            "ACCESS_OUTLIVES_INTENT         1       0       0        1            0  -",
            "SUDDEN_PRIVILEGE_USE           2       0       1        1            0  -",
            // Its fan-out fired only another detection's alert: not caught by its own.
            "LATERAL_MOVEMENT               1       0       1        0            2  -",
            "all                            5       1       2        2            3",
            "Missed: camp-003 privilege on ci-d (SUDDEN_PRIVILEGE_USE); camp-001 lateral on svc-b"
                + " (LATERAL_MOVEMENT).",
            "Alerts: 2 on injected attacks (1 of them on another detection's attack), 1 on"
                + " look-alikes, 2 on ordinary traffic; 1 raised by the pre-loaded history.");
  }

  @Test
  void everyAttackIsJudgeableOnceTheLastHasPlayedOutAndHadTheJudgingDelay() {
    assertThat(score.everyAttackJudgeable()).isEqualTo(at(60).plus(DemoScore.JUDGING_DELAY));
    assertThat(new DemoScore(List.of(LOOK_ALIKE), NOW).everyAttackJudgeable())
        .isEqualTo(NOW.plus(DemoScore.JUDGING_DELAY));
  }

  private static Instant at(long seconds) {
    return NOW.plusSeconds(seconds);
  }

  private static CampaignLabel label(
      String id, Detection detection, boolean malicious, String identity, long startSeconds) {
    return label(id, detection, malicious, identity, startSeconds, 5);
  }

  private static CampaignLabel label(
      String id,
      Detection detection,
      boolean malicious,
      String identity,
      long startSeconds,
      long spanSeconds) {
    String scenario =
        switch (detection) {
          case TOKEN_REPLAY -> "replay";
          case ACCESS_OUTLIVES_INTENT -> "intent";
          case SUDDEN_PRIVILEGE_USE -> "privilege";
          case LATERAL_MOVEMENT -> "lateral";
        };
    return new CampaignLabel(
        id,
        detection,
        scenario,
        malicious,
        identity,
        null,
        at(startSeconds),
        at(startSeconds + spanSeconds),
        List.of(id + "-event"));
  }

  private static Alert alert(Detection detection, String identity, long seconds) {
    return Alert.newBuilder()
        .setAlertId("alert-" + identity + seconds)
        .setDetection(detection)
        .setRuleId("rule")
        .setSeverity(Severity.HIGH)
        .setIdentityId(identity)
        .setIdentityType(IdentityType.SERVICE_ACCOUNT)
        .setEventCount(1)
        .setAction(ResponseAction.NONE)
        .setDetectedAt(at(seconds))
        .setWindowStart(at(seconds))
        .setWindowEnd(at(seconds))
        .setSummary("summary")
        .build();
  }
}
