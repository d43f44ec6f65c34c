package dev.vigil.detector.privilege;

import static dev.vigil.detector.privilege.PrivilegeFixtures.day;
import static dev.vigil.detector.privilege.PrivilegeFixtures.newPrivilegeParams;
import static dev.vigil.detector.privilege.PrivilegeFixtures.pack;
import static dev.vigil.detector.privilege.PrivilegeFixtures.rule;
import static dev.vigil.detector.privilege.PrivilegeFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.baseline.PeerFeed;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * new_privilege before the calendar cap: a baseline matures on evidence, and a young identity is
 * judged against its peers (fed the way docs/RULES.md describes, by {@link PeerFeed}).
 */
class EvidenceAndPeersTest {

  private static final String NEWCOMER = "agent:support-bot-7";

  /** The pack's numbers: 3 quiet active days and 20 uses after growing, a 14-day cap. */
  private static RulePack shipped() {
    Map<String, Object> params = newPrivilegeParams();
    params.put("learning_period", Duration.ofDays(14));
    params.put("horizon", Duration.ofDays(45));
    return pack(rule("np", RuleKind.NEW_PRIVILEGE, params));
  }

  private int sequence;

  private ObservedEvent call(String identity, Instant at, String privilege) {
    return use("e-" + sequence++, at, "github", "op")
        .privilege(privilege)
        .identity(identity)
        .build();
  }

  /** {@code perDay} uses a day, cycling through {@code privileges}, from day {@code from}. */
  private List<ObservedEvent> habit(
      String identity, double from, int days, int perDay, String... privileges) {
    List<ObservedEvent> events = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      for (int i = 0; i < perDay; i++) {
        Instant at = day(from + d + 0.3 + 0.5 * i / perDay);
        events.add(call(identity, at, privileges[i % privileges.length]));
      }
    }
    return events;
  }

  @Test
  void aBaselineStillOnThreeActiveDaysAfterItGrewIsJudgedBeforeTheCap() {
    PrivilegeFeed feed = new PrivilegeFeed(shipped());
    for (ObservedEvent event :
        habit(PrivilegeFixtures.IDENTITY, 0, 3, 100, "repo:write", "secrets:write")) {
      assertThat(feed.send(event)).isEmpty();
    }

    // First seen at 07:12 on day 0: day 3 of its own begins at 07:12 three days later.
    List<Finding> findings = feed.send(call(PrivilegeFixtures.IDENTITY, day(3.5), "admin:org"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.observed()).containsEntry("judged_against", List.of("own baseline"));
              assertThat(f.summary())
                  .contains("not among the 2 privileges it used in the last 45d");
            });
  }

  @Test
  void aBaselineThatKeepsGrowingIsNotMatureWhateverItsAge() {
    PrivilegeFeed feed = new PrivilegeFeed(shipped());
    // A rollout: every day a few new permissions, 100 uses a day, for ten days.
    for (int d = 0; d < 10; d++) {
      for (ObservedEvent event :
          habit(PrivilegeFixtures.IDENTITY, d, 1, 100, "repo:write", "step" + d + ":read")) {
        assertThat(feed.send(event)).isEmpty();
      }
    }

    assertThat(feed.send(call(PrivilegeFixtures.IDENTITY, day(10.5), "admin:org"))).isEmpty();
    assertThat(feed.state.evidence.activeDays()).isEqualTo(11);
  }

  @Test
  void aYoungIdentitysFirstAdminPrivilegeNoPeerUsesIsNewsOnDayOne() {
    PeerFeed<IdentityBaseline> feed = new PeerFeed<>(new PrivilegeDetector(), shipped());
    for (int peer = 1; peer <= 6; peer++) {
      feed.send(
          habit("agent:support-bot-" + (peer * 11), 0, 5, 20, "repo:write", "secrets:write")
              .toArray(ObservedEvent[]::new));
    }

    assertThat(feed.send(call(NEWCOMER, day(5.5), "secrets:write")))
        .as("a permission all its peers use is not news")
        .isEmpty();
    List<Finding> findings = feed.send(call(NEWCOMER, day(5.5).plusSeconds(60), "admin:org"));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.identityId()).isEqualTo(NEWCOMER);
              assertThat(f.observed()).containsEntry("judged_against", List.of("peer group"));
              assertThat(f.summary())
                  .contains(
                      "'admin:org'",
                      "which none of its 6 peers (SERVICE_ACCOUNT)",
                      "its own baseline is not mature yet (0 of 3 active days");
            });
  }

  @Test
  void withoutPeersOrWithTooFewAYoungIdentityIsLeftAlone() {
    PrivilegeFeed alone = new PrivilegeFeed(shipped());
    assertThat(alone.send(call(NEWCOMER, day(0), "admin:org"))).isEmpty();

    PeerFeed<IdentityBaseline> feed = new PeerFeed<>(new PrivilegeDetector(), shipped());
    for (int peer = 1; peer <= 3; peer++) {
      feed.send(
          habit("agent:support-bot-" + (peer * 11), 0, 2, 5, "repo:write")
              .toArray(ObservedEvent[]::new));
    }
    assertThat(feed.send(call(NEWCOMER, day(3), "admin:org"))).isEmpty();
  }

  @Test
  void aPermissionMostPeersUseIsNotNewsEvenForAMatureIdentity() {
    PeerFeed<IdentityBaseline> feed = new PeerFeed<>(new PrivilegeDetector(), shipped());
    for (int peer = 1; peer <= 6; peer++) {
      feed.send(
          habit("agent:support-bot-" + (peer * 11), 0, 5, 20, "repo:write", "secrets:write")
              .toArray(ObservedEvent[]::new));
    }
    feed.send(habit(NEWCOMER, 0, 5, 100, "repo:write").toArray(ObservedEvent[]::new));

    assertThat(feed.send(call(NEWCOMER, day(6), "secrets:write"))).isEmpty();
    assertThat(feed.send(call(NEWCOMER, day(6.1), "admin:org")))
        .singleElement()
        .satisfies(
            f -> assertThat(f.observed()).containsEntry("judged_against", List.of("own baseline")));
  }
}
