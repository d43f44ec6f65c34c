package dev.vigil.detector.privilege;

import static dev.vigil.detector.privilege.PrivilegeFixtures.burst;
import static dev.vigil.detector.privilege.PrivilegeFixtures.day;
import static dev.vigil.detector.privilege.PrivilegeFixtures.defaults;
import static dev.vigil.detector.privilege.PrivilegeFixtures.dormant;
import static dev.vigil.detector.privilege.PrivilegeFixtures.dormantParams;
import static dev.vigil.detector.privilege.PrivilegeFixtures.newPrivilege;
import static dev.vigil.detector.privilege.PrivilegeFixtures.newPrivilegeParams;
import static dev.vigil.detector.privilege.PrivilegeFixtures.pack;
import static dev.vigil.detector.privilege.PrivilegeFixtures.rule;
import static dev.vigil.detector.privilege.PrivilegeFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Detector.KeyBy;
import dev.vigil.detector.Finding;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivilegeDetectorTest {

  @Test
  void isKeyedByIdentityUnderAStableName() {
    PrivilegeDetector detector = new PrivilegeDetector();

    assertThat(detector.name()).isEqualTo("privilege");
    assertThat(detector.keyBy()).isEqualTo(KeyBy.IDENTITY);
  }

  @Test
  void stateExpiresOnlyAfterLastSeenTtlNotAfterTheHorizon() {
    PrivilegeFeed feed = new PrivilegeFeed(defaults());
    PrivilegeDetector detector = feed.detector;
    assertThat(detector.isExpired(feed.state, day(0), feed.pack)).as("nothing seen yet").isTrue();

    feed.routine(0, 10, "admin:org");

    assertThat(detector.isExpired(feed.state, day(60), feed.pack)).isFalse();
    assertThat(detector.isExpired(feed.state, day(10).plus(Duration.ofDays(400)), feed.pack))
        .isFalse();
    assertThat(detector.isExpired(feed.state, day(11).plus(Duration.ofDays(400)), feed.pack))
        .isTrue();
  }

  @Test
  void aPackWithoutDormancyRulesKeepsStateForTheHorizonOfTheOthersOrTheCatalogueTtl() {
    PrivilegeFeed feed = new PrivilegeFeed(pack(newPrivilege()));
    feed.routine(0, 10, "admin:org");
    PrivilegeDetector detector = feed.detector;

    Map<String, Object> shortTtl = dormantParams();
    shortTtl.put("last_seen_ttl", Duration.ofDays(10));
    RulePack shortLived =
        pack(
            newPrivilege(),
            rule("dw", RuleKind.DORMANT_WAKEUP, shortTtl, RuleExceptions.NONE, false));

    assertThat(detector.isExpired(feed.state, day(300), feed.pack)).isFalse();
    // A disabled dormancy rule still decides retention, bounded below by the 30-day horizon.
    assertThat(detector.isExpired(feed.state, day(35), shortLived)).isFalse();
    assertThat(detector.isExpired(feed.state, day(45), shortLived)).isTrue();
  }

  @Test
  void anIdentityReturningAfterItsStateWouldHaveExpiredStartsLearningAfresh() {
    Map<String, Object> shortTtl = dormantParams();
    shortTtl.put("last_seen_ttl", Duration.ofDays(60));
    PrivilegeFeed feed =
        new PrivilegeFeed(pack(newPrivilege(), rule("dw", RuleKind.DORMANT_WAKEUP, shortTtl)));
    feed.routine(0, 10, "admin:org");

    // Whether or not the sweep ran, day 100 is a new identity: learning, no dormancy to see.
    assertThat(feed.usePrivilege("u-1", day(100), "admin:org")).isEmpty();
    assertThat(feed.state.firstSeen).isEqualTo(day(100).toEpochMilli());
  }

  @Test
  void oneEventMayFireSeveralKindsEachWithItsOwnRule() {
    PrivilegeFeed feed = new PrivilegeFeed(defaults());
    feed.routine(0, 10, "repo:write");

    List<Finding> findings =
        feed.send(use("u-1", day(40), "aws:iam", "iam:CreateAccessKey").build());

    assertThat(findings).extracting(Finding::ruleId).containsExactlyInAnyOrder("np", "dw");
  }

  @Test
  void learningGoesOnWhileEveryRuleIsSwitchedOff() {
    RulePack off =
        pack(
            rule("np", RuleKind.NEW_PRIVILEGE, newPrivilegeParams(), RuleExceptions.NONE, false),
            rule(
                "pb",
                RuleKind.PRIVILEGE_BURST,
                PrivilegeFixtures.burstParams(),
                RuleExceptions.NONE,
                false));
    PrivilegeFeed feed = new PrivilegeFeed(off);
    feed.routine(0, 10, "admin:org");

    feed.pack = pack(newPrivilege(), burst(), dormant());

    assertThat(feed.usePrivilege("u-1", day(11), "admin:org")).isEmpty();
    assertThat(feed.usePrivilege("u-2", day(11), "admin:team")).hasSize(1);
  }
}
