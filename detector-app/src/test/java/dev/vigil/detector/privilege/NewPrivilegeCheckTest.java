package dev.vigil.detector.privilege;

import static dev.vigil.detector.privilege.PrivilegeFixtures.IDENTITY;
import static dev.vigil.detector.privilege.PrivilegeFixtures.auth;
import static dev.vigil.detector.privilege.PrivilegeFixtures.day;
import static dev.vigil.detector.privilege.PrivilegeFixtures.newPrivilege;
import static dev.vigil.detector.privilege.PrivilegeFixtures.newPrivilegeParams;
import static dev.vigil.detector.privilege.PrivilegeFixtures.pack;
import static dev.vigil.detector.privilege.PrivilegeFixtures.rule;
import static dev.vigil.detector.privilege.PrivilegeFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewPrivilegeCheckTest {

  private final PrivilegeFeed feed = new PrivilegeFeed(pack(newPrivilege()));

  @Test
  void privilegedUseOfAPrivilegeOutsideTheBaselineFiresOnce() {
    assertThat(feed.routine(0, 9, "repo:write", "admin:repo")).isEmpty();

    List<Finding> findings =
        feed.send(
            use("u-1", day(10), "github", "org.update")
                .privilege("admin:org")
                .ip("203.0.113.9")
                .build());

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("np");
              assertThat(f.identityId()).isEqualTo(IDENTITY);
              assertThat(f.evidenceKey()).isEqualTo("admin:org@" + day(10).toEpochMilli());
              assertThat(f.eventIds()).containsExactly("u-1");
              assertThat(f.observed())
                  .containsEntry("privileges", List.of("admin:org"))
                  .containsEntry("tools", List.of("github"))
                  .containsEntry("sources", List.of("203.0.113.9 AS64500 DE"));
              assertThat(f.summary())
                  .contains(
                      IDENTITY,
                      "used privilege 'admin:org' at github",
                      "2 privileges",
                      "30d",
                      "known since 2026-11-01T10:00:00Z");
              assertThat(f.windowStart()).isEqualTo(day(10));
              assertThat(f.triggeredAt()).isEqualTo(day(10));
            });
    // A successful use is learnt: the next one is routine.
    assertThat(
            feed.send(use("u-2", day(10.1), "github", "org.update").privilege("admin:org").build()))
        .isEmpty();
  }

  @Test
  void privilegesInTheBaselineAndUnprivilegedNewOnesAreQuiet() {
    feed.routine(0, 9, "admin:repo");

    assertThat(feed.usePrivilege("u-1", day(10), "admin:repo")).isEmpty();
    assertThat(feed.usePrivilege("u-2", day(10), "repo:read")).isEmpty();
  }

  @Test
  void emitterFlagAndActionPatternsMarkPrivilegedUses() {
    feed.routine(0, 9, "repo:write");

    assertThat(
            feed.send(
                use("u-1", day(10), "k8s", "deploy").privilege("deploy:prod").flagged().build()))
        .singleElement()
        .extracting(Finding::evidenceKey)
        .isEqualTo("deploy:prod@" + day(10).toEpochMilli());
    // Without a privilege the action is the subject, and iam:* matches it.
    assertThat(feed.send(use("u-2", day(10), "aws:iam", "iam:CreateAccessKey").build()))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.observed())
                    .containsEntry("privileges", List.of("iam:CreateAccessKey")));
  }

  @Test
  void anIdentityInItsLearningPeriodIsObservedNotAlertedOn() {
    feed.routine(0, 3, "repo:write");

    assertThat(feed.usePrivilege("u-1", day(5), "admin:org")).isEmpty();
    // ...and what it did while learning is its baseline afterwards.
    feed.routine(6, 9, "repo:write");
    assertThat(feed.usePrivilege("u-2", day(10), "admin:org")).isEmpty();
  }

  @Test
  void aRoleChangeAnnouncedByGrantedScopesIsLearntNotAlerted() {
    feed.routine(0, 9, "repo:write");

    feed.send(
        auth(
            "a-1", day(10), AuthEventKind.ROLE_ASSUMED, Outcome.SUCCESS, "admin:org", "secrets:*"));

    assertThat(feed.usePrivilege("u-1", day(10.01), "admin:org")).isEmpty();
    assertThat(
            feed.send(use("u-2", day(10.02), "vault", "write").privilege("secrets:write").build()))
        .as("a granted glob scope announces the privileges it covers")
        .isEmpty();
    assertThat(feed.state.privileges).containsKeys("admin:org", "secrets:write");
  }

  @Test
  void grantedScopesAreNotTrustedWhenTheRuleSaysSoOrTheGrantFailed() {
    Map<String, Object> strict = newPrivilegeParams();
    strict.put("trust_granted_scopes", false);
    PrivilegeFeed strictFeed = new PrivilegeFeed(pack(rule("np", RuleKind.NEW_PRIVILEGE, strict)));
    strictFeed.routine(0, 9, "repo:write");
    strictFeed.send(auth("a-1", day(10), AuthEventKind.TOKEN_ISSUED, Outcome.SUCCESS, "admin:org"));
    assertThat(strictFeed.usePrivilege("u-1", day(10.01), "admin:org")).hasSize(1);

    feed.routine(0, 9, "repo:write");
    feed.send(auth("a-2", day(10), AuthEventKind.TOKEN_ISSUED, Outcome.DENIED, "admin:org"));
    assertThat(feed.usePrivilege("u-2", day(10.01), "admin:org")).hasSize(1);
  }

  @Test
  void aGrantOlderThanTheHorizonNoLongerAnnouncesAnything() {
    feed.send(auth("a-1", day(0), AuthEventKind.TOKEN_ISSUED, Outcome.SUCCESS, "admin:org"));
    feed.routine(1, 40, "repo:write");

    assertThat(feed.usePrivilege("u-1", day(41), "admin:org")).hasSize(1);
  }

  @Test
  void aDeniedAttemptIsEvidenceButIsNotLearnt() {
    feed.routine(0, 9, "repo:write");

    List<Finding> first =
        feed.send(
            use("u-1", day(10), "github", "op")
                .privilege("admin:org")
                .outcome(Outcome.DENIED)
                .build());
    assertThat(first)
        .singleElement()
        .satisfies(
            f -> assertThat(f.summary()).contains("attempted (DENIED) privilege 'admin:org'"));
    assertThat(feed.state.privileges).doesNotContainKey("admin:org");

    List<Finding> again =
        feed.send(
            use("u-2", day(10.1), "github", "op")
                .privilege("admin:org")
                .outcome(Outcome.DENIED)
                .build());
    assertThat(again)
        .singleElement()
        .extracting(Finding::evidenceKey)
        .isNotEqualTo(first.get(0).evidenceKey());
  }

  @Test
  void aPrivilegeUnusedForLongerThanTheHorizonIsNewAgain() {
    feed.routine(0, 2, "admin:org", "repo:write");
    feed.routine(3, 31, "repo:write");

    // Last used on day 2: still within 30 days on day 31...
    assertThat(feed.usePrivilege("u-1", day(31.9), "admin:org")).isEmpty();
    // ...which renewed it; it lapses 30 days after that use.
    feed.routine(32, 63, "repo:write");
    assertThat(feed.state.privileges).doesNotContainKey("admin:org");
    assertThat(feed.usePrivilege("u-2", day(64), "admin:org")).hasSize(1);
  }

  @Test
  void theBaselineIsCappedByEvictingTheLeastRecentlyUsedPrivilege() {
    Map<String, Object> small = newPrivilegeParams();
    small.put("max_baseline_entries", 3);
    PrivilegeFeed capped = new PrivilegeFeed(pack(rule("np", RuleKind.NEW_PRIVILEGE, small)));
    capped.routine(0, 1, "admin:a");
    capped.routine(2, 3, "admin:b");
    capped.routine(4, 5, "admin:c");
    capped.routine(6, 9, "admin:d");

    assertThat(capped.state.privileges).containsOnlyKeys("admin:b", "admin:c", "admin:d");
    assertThat(capped.usePrivilege("u-1", day(10), "admin:d")).isEmpty();
    assertThat(capped.usePrivilege("u-2", day(10), "admin:a")).hasSize(1);
  }

  @Test
  void exceptionsAndDisabledRulesLeaveTheUseAlone() {
    RuleExceptions exceptions =
        new RuleExceptions(List.of("svc-build*"), List.of("vault"), List.of("10.0.0.0/8"));
    PrivilegeFeed excepted =
        new PrivilegeFeed(
            pack(rule("np", RuleKind.NEW_PRIVILEGE, newPrivilegeParams(), exceptions, true)));
    excepted.routine(0, 9, "repo:write");

    assertThat(excepted.send(use("u-1", day(10), "vault", "op").privilege("admin:a").build()))
        .isEmpty();
    assertThat(
            excepted.send(
                use("u-2", day(10), "github", "op").privilege("admin:b").ip("10.1.2.3").build()))
        .isEmpty();
    assertThat(
            excepted.send(
                use("u-3", day(10), "github", "op").privilege("admin:c").ip("192.0.2.1").build()))
        .hasSize(1);

    assertThat(
            excepted.send(
                use("u-4", day(10), "github", "op")
                    .privilege("admin:d")
                    .identity("svc-build-7")
                    .build()))
        .isEmpty();

    PrivilegeFeed disabled =
        new PrivilegeFeed(
            pack(
                rule(
                    "np",
                    RuleKind.NEW_PRIVILEGE,
                    newPrivilegeParams(),
                    RuleExceptions.NONE,
                    false)));
    disabled.routine(0, 9, "repo:write");
    assertThat(disabled.usePrivilege("u-5", day(10), "admin:e")).isEmpty();
    assertThat(disabled.state.privileges).containsKey("admin:e");
  }

  @Test
  void aLateUseComparesEventTimesNotArrivalOrder() {
    feed.routine(0, 9, "repo:write");

    assertThat(feed.usePrivilege("u-2", day(10.5), "admin:org")).hasSize(1);
    // An earlier use of the same privilege arriving late is neither a second novelty nor a step
    // back.
    assertThat(feed.usePrivilege("u-1", day(10.4), "admin:org")).isEmpty();
    assertThat(feed.state.privileges.get("admin:org")).isEqualTo(day(10.5).toEpochMilli());
  }
}
