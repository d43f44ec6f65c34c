package dev.vigil.detector.lateral;

import static dev.vigil.detector.lateral.ToolFanoutFixtures.day;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.pack;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.params;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.rule;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.baseline.PeerFeed;
import dev.vigil.detector.lateral.ToolFanoutFixtures.Feed;
import dev.vigil.events.Outcome;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** tool_fanout before the calendar cap: maturity on evidence, peers for young identities. */
class ToolFanoutMaturityTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final String NEWCOMER = "agent:support-bot-7";
  private static final String[] RECON = {"vault", "aws:iam", "k8s", "okta", "snowflake", "github"};

  private static RulePack shipped() {
    Map<String, Object> params = params();
    params.put("learning_period", Duration.ofDays(14));
    params.put("horizon", Duration.ofDays(45));
    return pack(rule(params, RuleExceptions.NONE, true));
  }

  private int sequence;

  private List<Finding> busyDays(Feed feed, int days, int perDay, String... tools) {
    List<Finding> all = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      for (int i = 0; i < perDay; i++) {
        Instant at = day(d + 0.3 + 0.4 * i / perDay);
        all.addAll(feed.send(use("b-" + sequence++, at, tools[i % tools.length])));
      }
    }
    return all;
  }

  @Test
  void anIdentityWhoseToolSetHeldStillForThreeActiveDaysIsJudgedBeforeTheCap() {
    Feed feed = new Feed(shipped());
    assertThat(busyDays(feed, 3, 100, "github", "jira")).isEmpty();

    List<Finding> findings = feed.sweep(day(3.5), MINUTE, RECON);

    assertThat(findings)
        .isNotEmpty()
        .allSatisfy(
            f -> assertThat(f.summary()).contains("against a baseline of 2 tools over 45d"));
  }

  @Test
  void twoQuietDaysAreNotEnoughWhateverTheUses() {
    Feed feed = new Feed(shipped());
    assertThat(busyDays(feed, 2, 500, "github", "jira")).isEmpty();

    assertThat(feed.sweep(day(1.9), MINUTE, RECON)).isEmpty();
  }

  @Test
  void aYoungIdentityReachingToolsItsPeersUseIsOnboardingNotFanOut() {
    PeerFeed<ToolBaseline> feed = new PeerFeed<>(new ToolFanoutDetector(), shipped());
    String[] job = {"zendesk", "slack", "jira", "confluence", "github", "mcp:search"};
    for (int peer = 1; peer <= 6; peer++) {
      for (int d = 0; d < 3; d++) {
        for (String tool : job) {
          feed.send(
              use(
                  "p-" + sequence++,
                  day(d + 0.1 * peer),
                  tool,
                  "agent:support-bot-" + (peer * 11),
                  Outcome.SUCCESS));
        }
      }
    }

    List<Finding> onboarding = new ArrayList<>();
    for (int i = 0; i < job.length; i++) {
      onboarding.addAll(
          feed.send(
              use(
                  "n-" + i,
                  day(4).plus(MINUTE.multipliedBy(i)),
                  job[i],
                  NEWCOMER,
                  Outcome.SUCCESS)));
    }
    assertThat(onboarding).isEmpty();

    List<Finding> recon = new ArrayList<>();
    String[] elsewhere = {"vault", "aws:iam", "k8s", "okta", "snowflake"};
    for (int i = 0; i < elsewhere.length; i++) {
      recon.addAll(
          feed.send(
              use(
                  "r-" + i,
                  day(4.2).plus(MINUTE.multipliedBy(i)),
                  elsewhere[i],
                  NEWCOMER,
                  Outcome.SUCCESS)));
    }
    assertThat(recon)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.summary())
                    .contains(
                        "5 of them new for it",
                        "none or few of its 6 peers",
                        "its own baseline is not mature yet"));
  }
}
