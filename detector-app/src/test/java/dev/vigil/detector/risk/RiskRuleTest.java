package dev.vigil.detector.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.Detection;
import dev.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskRuleTest {

  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  private static RiskContribution alert(
      String id, Detection detection, Severity severity, Duration counts) {
    return new RiskContribution(id, "rule-" + id, detection, severity, T, T.plus(counts));
  }

  @Test
  void theLevelIsTheHighestSeverityThatStillCounts() {
    List<RiskContribution> alerts =
        List.of(
            alert("a", Detection.TOKEN_REPLAY, Severity.MEDIUM, Duration.ofHours(8)),
            alert("b", Detection.TOKEN_REPLAY, Severity.HIGH, Duration.ofHours(2)));

    RiskVerdict now = RiskRule.verdict("id", alerts, 2, T.plusSeconds(60));
    assertThat(now.level()).isEqualTo(RiskLevel.HIGH);
    assertThat(now.escalated()).as("one detection twice is not two detections").isFalse();
    assertThat(now.alerts()).extracting(RiskContribution::alertId).containsExactly("b", "a");
    assertThat(now.decaysAt()).isEqualTo(T.plus(Duration.ofHours(2)));
    assertThat(now.clearsAt()).isEqualTo(T.plus(Duration.ofHours(8)));

    assertThat(RiskRule.verdict("id", alerts, 2, T.plus(Duration.ofHours(3))).level())
        .isEqualTo(RiskLevel.MEDIUM);
    assertThat(RiskRule.verdict("id", alerts, 2, T.plus(Duration.ofHours(8))))
        .isEqualTo(RiskVerdict.none("id"));
  }

  @Test
  void distinctDetectionsEscalateOneLevelUnlessEscalationIsOff() {
    List<RiskContribution> alerts =
        List.of(
            alert("a", Detection.LATERAL_MOVEMENT, Severity.MEDIUM, Duration.ofHours(8)),
            alert("b", Detection.SUDDEN_PRIVILEGE_USE, Severity.LOW, Duration.ofHours(2)));

    RiskVerdict escalated = RiskRule.verdict("id", alerts, 2, T);
    assertThat(escalated.level()).isEqualTo(RiskLevel.HIGH);
    assertThat(escalated.escalated()).isTrue();
    // The low alert's decay ends the escalation: the level drops then, not at the medium's end.
    assertThat(escalated.decaysAt()).isEqualTo(T.plus(Duration.ofHours(2)));

    assertThat(RiskRule.verdict("id", alerts, 0, T).level()).isEqualTo(RiskLevel.MEDIUM);
    assertThat(RiskRule.verdict("id", alerts, 3, T).level()).isEqualTo(RiskLevel.MEDIUM);
  }

  @Test
  void criticalIsTheCeiling() {
    List<RiskContribution> alerts =
        List.of(
            alert("a", Detection.TOKEN_REPLAY, Severity.CRITICAL, Duration.ofHours(48)),
            alert("b", Detection.LATERAL_MOVEMENT, Severity.HIGH, Duration.ofHours(24)));
    RiskVerdict verdict = RiskRule.verdict("id", alerts, 2, T);
    assertThat(verdict.level()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(verdict.escalated()).isFalse();
    assertThat(verdict.decaysAt()).isEqualTo(T.plus(Duration.ofHours(48)));
  }

  @Test
  void theStateRoundTripsStaysBoundedAndForgetsWhatNoLongerCounts() {
    RiskState state = new RiskState();
    state.escalateAt(2);
    state.published(RiskLevel.HIGH);
    List<RiskContribution> added = new ArrayList<>();
    for (int i = 0; i < RiskState.MAX_ALERTS + 5; i++) {
      RiskContribution c =
          alert("a" + i, Detection.TOKEN_REPLAY, Severity.LOW, Duration.ofMinutes(10 + i));
      added.add(c);
      state.add(c);
    }
    state.add(added.get(RiskState.MAX_ALERTS + 4)); // the same alert again: replaced, not doubled

    RiskState read = RiskState.decode(state.encode());
    assertThat(read.alerts()).hasSize(RiskState.MAX_ALERTS);
    assertThat(read.alerts()).doesNotContain(added.get(0), added.get(4)).contains(added.get(5));
    assertThat(read.published()).isEqualTo(RiskLevel.HIGH);
    assertThat(read.escalateAt()).isEqualTo(2);

    assertThat(read.forgetBefore(T.plus(Duration.ofDays(1)))).isTrue();
    assertThat(read.alerts()).isEmpty();
    assertThat(read.isEmpty()).as("a published level still has to be withdrawn").isFalse();
    read.published(RiskLevel.NONE);
    assertThat(read.isEmpty()).isTrue();
  }
}
