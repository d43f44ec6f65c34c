package dev.vigil.detector.privilege;

import static dev.vigil.detector.privilege.PrivilegeFixtures.IDENTITY;
import static dev.vigil.detector.privilege.PrivilegeFixtures.auth;
import static dev.vigil.detector.privilege.PrivilegeFixtures.day;
import static dev.vigil.detector.privilege.PrivilegeFixtures.dormant;
import static dev.vigil.detector.privilege.PrivilegeFixtures.dormantParams;
import static dev.vigil.detector.privilege.PrivilegeFixtures.newPrivilege;
import static dev.vigil.detector.privilege.PrivilegeFixtures.pack;
import static dev.vigil.detector.privilege.PrivilegeFixtures.rule;
import static dev.vigil.detector.privilege.PrivilegeFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DormantWakeupCheckTest {

  private final PrivilegeFeed feed = new PrivilegeFeed(pack(dormant()));

  @Test
  void aDormantIdentityWakingIntoAPrivilegedActionFires() {
    feed.routine(0, 10, "admin:org");

    feed.send(auth("a-wake", day(40), AuthEventKind.TOKEN_ISSUED, Outcome.SUCCESS));
    List<Finding> findings =
        feed.send(
            use("u-1", day(40).plusSeconds(1200), "vault", "write")
                .privilege("secrets:write")
                .build());

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("dw");
              assertThat(f.evidenceKey()).isEqualTo("wake@" + day(40).toEpochMilli());
              assertThat(f.windowStart()).isEqualTo(day(40));
              assertThat(f.eventIds()).containsExactly("a-wake", "u-1");
              assertThat(f.observed())
                  .containsEntry("privileges", List.of("secrets:write"))
                  .containsEntry("last_seen", List.of("2026-11-11T10:00:00Z"));
              assertThat(f.summary())
                  .contains(
                      IDENTITY,
                      "silent for 29d",
                      "last seen 2026-11-11T10:00:00Z",
                      "20m after waking",
                      "'secrets:write' at vault");
            });
  }

  @Test
  void wakingStraightIntoAPrivilegedCallFiresOnThatCall() {
    feed.routine(0, 10, "admin:org");

    assertThat(feed.usePrivilege("u-1", day(40), "admin:org"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventIds()).containsExactly("u-1");
              assertThat(f.summary()).contains("woke straight into a privileged call");
            });
  }

  @Test
  void wakingIntoRoutineWorkOrPrivilegeAfterTheWakeWindowIsQuiet() {
    feed.routine(0, 10, "admin:org");

    assertThat(feed.usePrivilege("u-1", day(40), "repo:read")).isEmpty();
    assertThat(feed.usePrivilege("u-2", day(40).plus(Duration.ofMinutes(61)), "admin:org"))
        .isEmpty();
  }

  @Test
  void aSilenceShorterThanTheDormancyIsNotAWake() {
    feed.routine(0, 10, "admin:org");

    assertThat(feed.usePrivilege("u-1", day(30), "admin:org")).isEmpty();
  }

  @Test
  void lastSeenOutlivesTheBaselineHorizonSoLongDormancyIsSeen() {
    PrivilegeFeed both = new PrivilegeFeed(pack(newPrivilege(), dormant()));
    both.routine(0, 10, "admin:org");

    // 200 days of silence: the 30-day baseline is gone, but last-seen is not.
    List<Finding> findings = both.usePrivilege("u-1", day(210), "admin:org");

    assertThat(findings).extracting(Finding::ruleId).containsExactlyInAnyOrder("dw", "np");
    assertThat(findings)
        .filteredOn(f -> f.ruleId().equals("dw"))
        .singleElement()
        .satisfies(f -> assertThat(f.summary()).contains("silent for 199d"));
  }

  @Test
  void revocationsAndCredentialCreationAreNotTheIdentitysOwnActivity() {
    PrivilegeDetector detector = feed.detector;
    assertThat(detector.accepts(auth("a-1", day(20), AuthEventKind.TOKEN_REVOKED, Outcome.SUCCESS)))
        .isFalse();
    assertThat(
            detector.accepts(
                auth("a-2", day(20), AuthEventKind.CREDENTIAL_CREATED, Outcome.SUCCESS)))
        .isFalse();
    assertThat(detector.accepts(auth("a-3", day(20), AuthEventKind.LOGIN, Outcome.FAILURE)))
        .isTrue();
    assertThat(detector.accepts(use("u-1", day(20), "github", "op").build())).isTrue();
  }

  @Test
  void exceptedIdentitiesMayWakeIntoPrivilege() {
    PrivilegeFeed excepted =
        new PrivilegeFeed(
            pack(
                rule(
                    "dw",
                    RuleKind.DORMANT_WAKEUP,
                    dormantParams(),
                    new RuleExceptions(List.of("svc-billing@*"), null, null),
                    true)));
    excepted.routine(0, 10, "admin:org");

    assertThat(excepted.usePrivilege("u-1", day(40), "admin:org")).isEmpty();
  }

  @Test
  void aLateEventInsideTheSilenceMovesTheWakeEarlier() {
    feed.routine(0, 10, "admin:org");
    // The wake-up's privileged call arrives first and fires...
    assertThat(feed.usePrivilege("u-2", day(40).plus(Duration.ofMinutes(30)), "admin:org"))
        .hasSize(1);
    // ...then the login that really started the wake-up, 30 minutes earlier, arrives late.
    assertThat(feed.send(auth("a-1", day(40), AuthEventKind.LOGIN, Outcome.SUCCESS))).isEmpty();
    assertThat(feed.state.wokeAt).isEqualTo(day(40).toEpochMilli());
    assertThat(feed.state.wakeEventId).isEqualTo("a-1");

    // 70 minutes after the login: outside the hour, though only 40 minutes after the first call.
    assertThat(feed.usePrivilege("u-3", day(40).plus(Duration.ofMinutes(70)), "admin:org"))
        .isEmpty();
  }

  @Test
  void aLateEventThatBreaksTheSilenceInTwoShortOnesForgetsTheWake() {
    java.util.Map<String, Object> classic = dormantParams();
    classic.put("min_dormancy", Duration.ofDays(21));
    PrivilegeFeed feed = new PrivilegeFeed(pack(rule("dw", RuleKind.DORMANT_WAKEUP, classic)));
    feed.routine(0, 10, "admin:org");
    assertThat(feed.usePrivilege("u-2", day(40), "admin:org")).hasSize(1);

    feed.usePrivilege("u-1", day(25), "repo:read");

    assertThat(feed.state.hasWake()).isFalse();
    assertThat(feed.usePrivilege("u-3", day(40.01), "admin:org")).isEmpty();
  }

  @Test
  void eachRuleJudgesTheWakeByItsOwnDormancyAndWindow() {
    java.util.Map<String, Object> patient = dormantParams();
    patient.put("wake_window", Duration.ofHours(3));
    patient.put("dormancy", Duration.ofDays(60));
    java.util.Map<String, Object> slow = dormantParams();
    slow.put("wake_window", Duration.ofHours(3));
    PrivilegeFeed two =
        new PrivilegeFeed(
            pack(
                dormant(),
                rule("dw-patient", RuleKind.DORMANT_WAKEUP, patient),
                rule("dw-slow", RuleKind.DORMANT_WAKEUP, slow)));
    two.routine(0, 10, "admin:org");
    two.send(auth("a-1", day(40), AuthEventKind.LOGIN, Outcome.SUCCESS));

    List<Finding> findings =
        two.usePrivilege("u-1", day(40).plus(Duration.ofHours(2)), "admin:org");

    // dw: the hour has passed; dw-patient: 29 days is no 60-day dormancy; dw-slow: both fit.
    assertThat(findings).extracting(Finding::ruleId).containsExactly("dw-slow");
  }
}
