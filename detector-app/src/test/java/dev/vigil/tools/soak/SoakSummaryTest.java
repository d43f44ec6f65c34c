package dev.vigil.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SoakSummaryTest {

  private static final SoakPlan PLAN =
      new SoakPlan(
          2,
          1,
          true,
          1,
          4,
          10,
          10,
          Duration.ofSeconds(5),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofMinutes(1),
          Duration.ofSeconds(1));

  private static final CleanReplay.Expected EXPECTED =
      new CleanReplay.Expected(Set.of("a1"), Set.of(), 100, 1);

  private static final List<InjectedFault> FAULTS =
      List.of(new InjectedFault(Fault.TRUNCATED, "identity.token-events", 0, 5));

  private static final SoakAuditor.Audit CLEAN =
      SoakAuditor.audit(
          List.of("a1"),
          List.of(),
          Set.of("a1"),
          Set.of(),
          List.of(
              new DeadLetter(
                  "identity.token-events", "0", "5", "x", "truncated payload: 2 byte(s)")),
          FAULTS);

  private static SoakSummary.Run run(List<Integer> exits, List<Long> recoveries, Long broker) {
    return run(exits, recoveries, broker, List.of());
  }

  private static SoakSummary.Run run(
      List<Integer> exits,
      List<Long> recoveries,
      Long broker,
      List<DetectorSupervisor.UnexpectedExit> unexpected) {
    return new SoakSummary.Run(
        Duration.ofSeconds(90),
        exits,
        exits.size(),
        unexpected,
        recoveries,
        1,
        4000L,
        broker,
        true,
        3,
        120,
        0);
  }

  @Test
  void medianAndMaxOfTheRecoveriesThatCompleted() {
    assertThat(SoakSummary.median(List.of(30L, 10L, 20L))).isEqualTo(20L);
    assertThat(SoakSummary.median(List.of(40L, 10L, 20L, 30L))).isEqualTo(25L);
    assertThat(SoakSummary.median(Arrays.asList(null, 10L, 30L))).isEqualTo(20L);
    assertThat(SoakSummary.median(List.of())).isNull();
    assertThat(SoakSummary.max(Arrays.asList(5L, null, 9L))).isEqualTo(9L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCleanRunPassesAndReportsItsFigures() {
    SoakSummary summary =
        new SoakSummary(
            PLAN, run(List.of(137, 137), List.of(900L, 1100L), 2000L), CLEAN, EXPECTED, FAULTS);

    assertThat(summary.failures()).isEmpty();
    Map<String, Object> m = summary.toMap();
    assertThat(m)
        .containsEntry("passed", true)
        .containsEntry("kills", 2)
        .containsEntry("events", 100L);
    assertThat((Map<String, Object>) m.get("recovery"))
        .containsEntry("median_ms", 1000L)
        .containsEntry("max_ms", 1100L)
        .containsEntry("after_broker_restart_ms", 2000L);
    assertThat((Map<String, Object>) m.get("poison_records")).containsEntry("truncated", 1);
    assertThat((Map<String, Object>) m.get("skewed_records")).containsEntry("hours_ahead", 0);
    assertThat(summary.toJson()).contains("\"duplicates\"").contains("\"missing\"");
  }

  @Test
  void aKillThatWasNotASigkillFails() {
    SoakSummary summary =
        new SoakSummary(
            PLAN, run(List.of(137, 143), List.of(900L, 1100L), 2000L), CLEAN, EXPECTED, FAULTS);

    assertThat(summary.passed()).isFalse();
    assertThat(summary.failures()).singleElement().asString().contains("SIGKILL");
  }

  @Test
  void aRecoveryThatNeverCameFails() {
    SoakSummary summary =
        new SoakSummary(
            PLAN,
            run(List.of(137, 137), Arrays.asList(900L, null), 2000L),
            CLEAN,
            EXPECTED,
            FAULTS);

    assertThat(summary.failures()).singleElement().asString().contains("did not recover");
  }

  @Test
  void noRecoveryFromTheBrokerRestartFails() {
    SoakSummary summary =
        new SoakSummary(
            PLAN, run(List.of(137, 137), List.of(900L, 1100L), null), CLEAN, EXPECTED, FAULTS);

    assertThat(summary.failures()).singleElement().asString().contains("broker restart");
  }

  @Test
  void anInstanceThatDiesWhileRunningFailsButOneThatRefusedToStartIsOnlyReported() {
    var died =
        new DetectorSupervisor.UnexpectedExit(
            "a", 1, "vigil run: stopped (Kafka Streams reached ERROR)");
    var refused =
        new DetectorSupervisor.UnexpectedExit(
            "b", 3, "vigil run: cannot reach Kafka at 127.0.0.1:9 within 10 s");

    SoakSummary failing =
        new SoakSummary(
            PLAN,
            run(List.of(137, 137), List.of(900L, 1100L), 2000L, List.of(died, refused)),
            CLEAN,
            EXPECTED,
            FAULTS);
    SoakSummary passing =
        new SoakSummary(
            PLAN,
            run(List.of(137, 137), List.of(900L, 1100L), 2000L, List.of(refused)),
            CLEAN,
            EXPECTED,
            FAULTS);

    assertThat(failing.failures())
        .singleElement()
        .asString()
        .contains("died while running")
        .contains("ERROR");
    assertThat(failing.toMap())
        .containsEntry("unexpected_exits", 1L)
        .containsEntry("start_refusals", 1L);
    assertThat(passing.failures()).isEmpty();
    assertThat(passing.toJson()).contains("cannot reach Kafka");
  }
}
