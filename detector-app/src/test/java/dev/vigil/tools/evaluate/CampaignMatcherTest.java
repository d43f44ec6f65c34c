package dev.vigil.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.tools.simulate.CampaignLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignMatcherTest {

  private static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");

  private static final CampaignLabel REPLAY_ATTACK =
      label(
          "c-1",
          Detection.TOKEN_REPLAY,
          "stolen_token_foreign_replay",
          true,
          "svc-a",
          "tok-a",
          0,
          600,
          List.of("e-1", "e-2"));
  private static final CampaignLabel REPLAY_LOOK_ALIKE =
      label(
          "c-2",
          Detection.TOKEN_REPLAY,
          "ip_churn_same_asn",
          false,
          "svc-b",
          "tok-b",
          0,
          600,
          List.of("e-3"));
  private static final CampaignLabel INTENT_ATTACK =
      label(
          "c-3",
          Detection.ACCESS_OUTLIVES_INTENT,
          "task_token_after_completion",
          true,
          "agent-c",
          "tok-c",
          3600,
          3700,
          List.of("e-4"));
  private static final List<CampaignLabel> LABELS =
      List.of(REPLAY_ATTACK, REPLAY_LOOK_ALIKE, INTENT_ATTACK);

  private final CampaignMatcher matcher = new CampaignMatcher(LABELS, Duration.ofMinutes(5));

  @Test
  void sameIdentityTokenAndOverlappingWindowIsATruePositive() {
    AlertVerdict verdict =
        matcher.judge(alert(Detection.TOKEN_REPLAY, "svc-a", "tok-a", 300, 650, List.of()));

    assertThat(verdict.truePositive()).isTrue();
    assertThat(verdict.attacks()).containsExactly(REPLAY_ATTACK);
  }

  @Test
  void evidenceJustOutsideTheSpanMatchesWithinTheToleranceOnly() {
    assertThat(
            matcher
                .judge(alert(Detection.TOKEN_REPLAY, "svc-a", "tok-a", 800, 900, List.of()))
                .truePositive())
        .isTrue();
    AlertVerdict late =
        matcher.judge(alert(Detection.TOKEN_REPLAY, "svc-a", "tok-a", 1000, 1100, List.of()));
    assertThat(late.truePositive()).isFalse();
    assertThat(late.cause()).isEqualTo(FalseAlertCause.BACKGROUND);
  }

  @Test
  void sharedEvidenceEventsMatchEvenOutsideTheWindow() {
    AlertVerdict verdict =
        matcher.judge(alert(Detection.TOKEN_REPLAY, "svc-a", "tok-z", 5000, 5100, List.of("e-2")));

    assertThat(verdict.attacks()).containsExactly(REPLAY_ATTACK);
  }

  @Test
  void anotherTokenOfTheSameIdentityIsAFalsePositive() {
    AlertVerdict verdict =
        matcher.judge(
            alert(Detection.TOKEN_REPLAY, "svc-a", "tok-other", 100, 200, List.of("x-1")));

    assertThat(verdict.truePositive()).isFalse();
    assertThat(verdict.cause()).isEqualTo(FalseAlertCause.BACKGROUND);
  }

  @Test
  void anAlertWithoutATokenMatchesOnIdentityAndTime() {
    assertThat(
            matcher
                .judge(alert(Detection.TOKEN_REPLAY, "svc-a", null, 100, 200, List.of()))
                .truePositive())
        .isTrue();
  }

  @Test
  void anAlertOnABenignLookAlikeIsAFalsePositiveNamingIt() {
    AlertVerdict verdict =
        matcher.judge(alert(Detection.TOKEN_REPLAY, "svc-b", "tok-b", 100, 200, List.of()));

    assertThat(verdict.truePositive()).isFalse();
    assertThat(verdict.cause()).isEqualTo(FalseAlertCause.LOOK_ALIKE);
    assertThat(verdict.lookAlikes()).containsExactly(REPLAY_LOOK_ALIKE);
  }

  @Test
  void sharingOnlyIdentityAndTimeWithAnotherDetectionsAttackIsAFalsePositiveOnIt() {
    AlertVerdict verdict =
        matcher.judge(alert(Detection.LATERAL_MOVEMENT, "svc-a", "tok-a", 100, 200, List.of()));

    assertThat(verdict.truePositive()).isFalse();
    assertThat(verdict.onAnotherAttack()).isFalse();
    assertThat(verdict.cause()).isEqualTo(FalseAlertCause.OTHER_ATTACK);
    assertThat(verdict.otherAttacks()).containsExactly(REPLAY_ATTACK);
  }

  /**
   * A tool fan-out whose attacker reaches a privileged tool: new_privilege's alert on that call is
   * right for SUDDEN_PRIVILEGE_USE's precision (the old rule called it a false positive), though it
   * catches no SUDDEN_PRIVILEGE_USE attack; an alert on the attack's set-up (the token's issuance,
   * before its first malicious event) stays a false one.
   */
  @Test
  void anAlertOnAnotherDetectionsMaliciousEventIsRightForPrecisionButNoCatch() {
    CampaignLabel fanout =
        new CampaignLabel(
            "c-20",
            Detection.LATERAL_MOVEMENT,
            "tool_fanout",
            true,
            "agent-f",
            null,
            T0,
            T0.plusSeconds(300),
            List.of("f-issued", "f-1", "f-2"),
            "f-1",
            T0.plusSeconds(60),
            null);
    List<CampaignLabel> labels = List.of(fanout);
    CampaignMatcher withTimes =
        new CampaignMatcher(
            labels,
            Duration.ofMinutes(5),
            Map.of("f-issued", T0, "f-1", T0.plusSeconds(60), "f-2", T0.plusSeconds(90)));
    Alert onAttack = alert(Detection.SUDDEN_PRIVILEGE_USE, "agent-f", null, 90, 90, List.of("f-2"));
    Alert onSetUp =
        alert(Detection.SUDDEN_PRIVILEGE_USE, "agent-f", null, 0, 0, List.of("f-issued"));

    AlertVerdict right = withTimes.judge(onAttack);
    AlertVerdict wrong = withTimes.judge(onSetUp);

    assertThat(right.truePositive()).isFalse();
    assertThat(right.onAnotherAttack()).isTrue();
    assertThat(right.attackedInEvidence()).containsExactly(fanout);
    assertThat(wrong.onAnotherAttack()).isFalse();
    assertThat(wrong.cause()).isEqualTo(FalseAlertCause.OTHER_ATTACK);

    DetectionScore sudden =
        row(Scorer.score(1_000, labels, List.of(right, wrong), T0), Detection.SUDDEN_PRIVILEGE_USE);
    assertThat(sudden.alerts()).isEqualTo(2);
    assertThat(sudden.truePositives()).isZero();
    assertThat(sudden.otherAttackTruePositives()).isEqualTo(1);
    assertThat(sudden.otherAttackAlerts()).isEqualTo(1);
    assertThat(sudden.falsePositives()).isEqualTo(1);
    assertThat(sudden.precision()).as("the old rule: 0.0").isEqualTo(0.5);
    DetectionScore lateral =
        row(Scorer.score(1_000, labels, List.of(right, wrong), T0), Detection.LATERAL_MOVEMENT);
    assertThat(lateral.detected()).as("recall stays per the campaign's own detection").isZero();
  }

  @Test
  void withoutEventTimesOnlyTheFirstMaliciousEventIsKnownToBeOne() {
    CampaignLabel fanout =
        new CampaignLabel(
            "c-21",
            Detection.LATERAL_MOVEMENT,
            "tool_fanout",
            true,
            "agent-g",
            null,
            T0,
            T0.plusSeconds(300),
            List.of("g-issued", "g-1", "g-2"),
            "g-1",
            T0.plusSeconds(60),
            null);
    CampaignMatcher noTimes = new CampaignMatcher(List.of(fanout), Duration.ofMinutes(5));

    assertThat(
            noTimes
                .judge(
                    alert(Detection.SUDDEN_PRIVILEGE_USE, "agent-g", null, 60, 60, List.of("g-1")))
                .onAnotherAttack())
        .isTrue();
    assertThat(
            noTimes
                .judge(
                    alert(Detection.SUDDEN_PRIVILEGE_USE, "agent-g", null, 90, 90, List.of("g-2")))
                .onAnotherAttack())
        .isFalse();
  }

  @Test
  void scoresCountTruePositivesMissesLookAlikesAndTimeToDetect() {
    List<AlertVerdict> verdicts =
        matcher.judgeAll(
            List.of(
                alert(Detection.TOKEN_REPLAY, "svc-a", "tok-a", 120, 130, List.of()),
                alert(Detection.TOKEN_REPLAY, "svc-a", "tok-a", 400, 500, List.of()),
                alert(Detection.TOKEN_REPLAY, "svc-b", "tok-b", 10, 20, List.of()),
                alert(Detection.TOKEN_REPLAY, "svc-q", "tok-q", 10, 20, List.of())));

    Evaluation evaluation = Scorer.score(20_000, LABELS, verdicts, T0.minusSeconds(3600));

    DetectionScore replay = row(evaluation, Detection.TOKEN_REPLAY);
    assertThat(replay.campaigns()).isEqualTo(1);
    assertThat(replay.detected()).isEqualTo(1);
    assertThat(replay.alerts()).isEqualTo(4);
    assertThat(replay.truePositives()).isEqualTo(2);
    assertThat(replay.lookAlikeAlerts()).isEqualTo(1);
    assertThat(replay.backgroundAlerts()).isEqualTo(1);
    assertThat(replay.precision()).isEqualTo(0.5);
    assertThat(replay.recall()).isEqualTo(1.0);
    assertThat(replay.f1()).isCloseTo(2 * 0.5 / 1.5, within(1e-9));
    assertThat(replay.falseAlertsPer10k()).isEqualTo(1.0);
    assertThat(replay.timeToDetectMedian()).isEqualTo(Duration.ofSeconds(130));

    DetectionScore intent = row(evaluation, Detection.ACCESS_OUTLIVES_INTENT);
    assertThat(intent.campaigns()).isEqualTo(1);
    assertThat(intent.detected()).isZero();
    assertThat(intent.alerts()).isZero();
    assertThat(intent.precision()).isNull();
    assertThat(intent.recall()).isEqualTo(0.0);
    assertThat(intent.timeToDetectMedian()).isNull();

    assertThat(evaluation.scenarios())
        .extracting(ScenarioScore::scenario, ScenarioScore::flagged, ScenarioScore::alerts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("stolen_token_foreign_replay", 1, 2),
            org.assertj.core.groups.Tuple.tuple("task_token_after_completion", 0, 0),
            org.assertj.core.groups.Tuple.tuple("ip_churn_same_asn", 1, 1));
  }

  @Test
  void aBenignLookAlikeOfAnotherDetectionIsStillALookAlike() {
    AlertVerdict verdict =
        matcher.judge(
            alert(Detection.LATERAL_MOVEMENT, "svc-b", "tok-b", 100, 110, List.of("e-3")));

    assertThat(verdict.truePositive()).isFalse();
    assertThat(verdict.cause()).isEqualTo(FalseAlertCause.LOOK_ALIKE);
    assertThat(verdict.lookAlikes()).containsExactly(REPLAY_LOOK_ALIKE);
  }

  @Test
  void anEstateWideLookAlikeMatchesAnyIdentityInItsSpan() {
    CampaignLabel restart =
        new CampaignLabel(
            "vigil-restart",
            Detection.SUDDEN_PRIVILEGE_USE,
            "vigil_restart_after_week_down",
            false,
            CampaignLabel.EVERY_IDENTITY,
            null,
            T0.plusSeconds(7200),
            T0.plusSeconds(7200 + 86_400),
            List.of());
    CampaignMatcher withRestart = new CampaignMatcher(List.of(restart), Duration.ofMinutes(5));

    assertThat(
            withRestart
                .judge(alert(Detection.SUDDEN_PRIVILEGE_USE, "svc-z", null, 9000, 9000, List.of()))
                .lookAlikes())
        .containsExactly(restart);
    assertThat(
            withRestart
                .judge(alert(Detection.SUDDEN_PRIVILEGE_USE, "svc-z", null, 100, 100, List.of()))
                .cause())
        .isEqualTo(FalseAlertCause.BACKGROUND);
  }

  @Test
  void timeToDetectRunsFromTheFirstMaliciousEventAndColdStartCountsDays() {
    CampaignLabel revoked =
        new CampaignLabel(
            "c-9",
            Detection.TOKEN_REPLAY,
            "revoked_token_reuse",
            true,
            "svc-r",
            "tok-r",
            T0,
            T0.plusSeconds(4000),
            List.of("r-1", "r-2"),
            "r-2",
            T0.plusSeconds(3000),
            null);
    CampaignLabel onYoung =
        new CampaignLabel(
            "c-10",
            Detection.SUDDEN_PRIVILEGE_USE,
            "first_admin_privilege",
            true,
            "svc-y",
            null,
            T0.plusSeconds(100),
            T0.plusSeconds(200),
            List.of("y-1"),
            "y-1",
            T0.plusSeconds(100),
            T0.minus(Duration.ofDays(5)));
    List<CampaignLabel> labels = List.of(revoked, onYoung);
    List<AlertVerdict> verdicts =
        new CampaignMatcher(labels, Duration.ofMinutes(5))
            .judgeAll(
                List.of(alert(Detection.TOKEN_REPLAY, "svc-r", "tok-r", 3010, 3010, List.of())));

    Evaluation evaluation = Scorer.score(1_000, labels, verdicts, T0.minus(Duration.ofDays(9)));

    assertThat(row(evaluation, Detection.TOKEN_REPLAY).timeToDetectMedian())
        .isEqualTo(Duration.ofSeconds(10));
    ColdStartRow replay = evaluation.coldStart().get(Detection.TOKEN_REPLAY.ordinal());
    assertThat(replay.campaigns()).containsExactly(0, 0, 0, 1, 0);
    assertThat(replay.detected()).containsExactly(0, 0, 0, 1, 0);
    assertThat(replay.recallFrom(2)).isEqualTo(1.0);
    ColdStartRow young = evaluation.newIdentities().get(Detection.SUDDEN_PRIVILEGE_USE.ordinal());
    assertThat(young.campaigns()).containsExactly(0, 0, 1, 0, 0);
    assertThat(young.detected()).containsExactly(0, 0, 0, 0, 0);
    assertThat(young.recall(0)).isNull();
    assertThat(evaluation.coldStart().get(Detection.SUDDEN_PRIVILEGE_USE.ordinal()).campaigns())
        .containsOnly(0);
    assertThat(ReportWriter.markdown(evaluation, "setup"))
        .contains("### Cold start", "| TOKEN_REPLAY | - | - | - | 1/1 (1.00) | - | 1/1 (1.00) |")
        .contains(
            "### New identities", "| SUDDEN_PRIVILEGE_USE | - | - | 0/1 (0.00) | - | - | 0/1");
  }

  @Test
  void percentilesUseTheNearestRank() {
    List<Duration> sorted =
        java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(Duration::ofSeconds).toList();

    assertThat(Scorer.percentile(sorted, 50)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Scorer.percentile(sorted, 95)).isEqualTo(Duration.ofSeconds(19));
    assertThat(Scorer.percentile(List.of(), 95)).isNull();
  }

  private static DetectionScore row(Evaluation evaluation, Detection detection) {
    return evaluation.detections().stream()
        .filter(d -> d.detection() == detection)
        .findFirst()
        .orElseThrow();
  }

  private static CampaignLabel label(
      String id,
      Detection detection,
      String scenario,
      boolean malicious,
      String identity,
      String token,
      long fromSecond,
      long toSecond,
      List<String> eventIds) {
    return new CampaignLabel(
        id,
        detection,
        scenario,
        malicious,
        identity,
        token,
        T0.plusSeconds(fromSecond),
        T0.plusSeconds(toSecond),
        eventIds);
  }

  private static Alert alert(
      Detection detection,
      String identity,
      String token,
      long fromSecond,
      long toSecond,
      List<String> eventIds) {
    return Alert.newBuilder()
        .setAlertId("a-" + identity + "-" + fromSecond)
        .setRuleId("rule")
        .setDetection(detection)
        .setSeverity(Severity.HIGH)
        .setIdentityId(identity)
        .setIdentityType(IdentityType.SERVICE_ACCOUNT)
        .setTokenId(token)
        .setWindowStart(T0.plusSeconds(fromSecond))
        .setWindowEnd(T0.plusSeconds(toSecond))
        .setDetectedAt(T0)
        .setSummary("test")
        .setEventIds(eventIds)
        .setObserved(Map.of())
        .setEventCount(eventIds.size())
        .setTags(List.of())
        .setAction(ResponseAction.NONE)
        .build();
  }
}
