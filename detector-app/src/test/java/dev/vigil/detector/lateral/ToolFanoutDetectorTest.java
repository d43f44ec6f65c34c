package dev.vigil.detector.lateral;

import static dev.vigil.detector.lateral.ToolFanoutFixtures.IDENTITY;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.day;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.defaults;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.pack;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.params;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.rule;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Detector.KeyBy;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.lateral.ToolFanoutFixtures.Feed;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import dev.vigil.rules.RuleExceptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ToolFanoutDetectorTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final Feed feed = new Feed(defaults());

  @Test
  void fanningOutAcrossSeveralNewToolsFiresWithTheToolsAndTheirEvents() {
    assertThat(feed.routine(0, 9, "github", "jira")).isEmpty();
    Instant start = day(10).plus(Duration.ofHours(9));

    List<Finding> findings =
        feed.sweep(start, MINUTE, "github", "vault", "jira", "aws:s3", "mcp:filesystem");

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("tf");
              assertThat(f.identityId()).isEqualTo(IDENTITY);
              assertThat(f.observed())
                  .containsEntry(
                      "tools", List.of("aws:s3", "github", "jira", "mcp:filesystem", "vault"))
                  .containsEntry("new_tools", List.of("aws:s3", "mcp:filesystem", "vault"))
                  .containsEntry("sources", List.of("198.51.100.4 spiffe://prod/agent"));
              assertThat(f.evidenceKey())
                  .isEqualTo("aws:s3,mcp:filesystem,vault@" + start.plus(MINUTE).toEpochMilli());
              assertThat(f.eventIds()).containsExactly("s-20", "s-21", "s-22", "s-23", "s-24");
              assertThat(f.eventCount()).isEqualTo(5);
              assertThat(f.windowStart()).isEqualTo(start);
              assertThat(f.triggeredAt()).isEqualTo(start.plus(MINUTE.multipliedBy(4)));
              assertThat(f.summary())
                  .contains(
                      IDENTITY,
                      "reached 5 distinct tools within 10m",
                      "3 of them new for it (aws:s3, mcp:filesystem, vault)",
                      "baseline of 2 tools over 30d");
            });
  }

  @Test
  void aPipelinesDeployBurstOverItsUsualToolsIsQuiet() {
    String[] usual = {"github", "argocd", "aws:ecr", "aws:eks", "vault", "slack"};
    feed.routine(0, 9, usual);

    assertThat(feed.sweep(day(10).plus(Duration.ofHours(12)), Duration.ofSeconds(10), usual))
        .isEmpty();
  }

  @Test
  void aNewIdentityInItsLearningPeriodMayTouchManyTools() {
    feed.routine(0, 2, "github");

    assertThat(feed.sweep(day(3), MINUTE, "jira", "vault", "aws:s3", "slack", "confluence", "k8s"))
        .isEmpty();
  }

  @Test
  void fewDistinctToolsOrFewNewOnesAreQuiet() {
    feed.routine(0, 9, "github", "jira", "slack");

    assertThat(feed.sweep(day(10), MINUTE, "vault", "aws:s3", "k8s"))
        .as("three new tools but only three distinct")
        .isEmpty();
    assertThat(feed.sweep(day(11), MINUTE, "github", "jira", "slack", "confluence", "pagerduty"))
        .as("five distinct but only two new")
        .isEmpty();
  }

  @Test
  void toolsSpreadWiderThanTheWindowAreQuiet() {
    feed.routine(0, 9, "github", "jira");

    assertThat(
            feed.sweep(
                day(10),
                Duration.ofMinutes(11),
                "github",
                "jira",
                "vault",
                "aws:s3",
                "mcp:filesystem"))
        .isEmpty();
  }

  @Test
  void repeatedCallsDoNotRefireButAnotherToolEnteringTheWindowDoes() {
    feed.routine(0, 9, "github", "jira");
    Instant start = day(10);
    Finding first = feed.sweep(start, MINUTE, "github", "jira", "vault", "aws:s3", "k8s").get(0);

    assertThat(
            feed.sweep(
                start.plus(Duration.ofMinutes(5)),
                Duration.ofSeconds(5),
                "vault",
                "aws:s3",
                "k8s",
                "github"))
        .isEmpty();
    List<Finding> grown = feed.send(use("x-1", start.plus(Duration.ofMinutes(6)), "slack"));

    assertThat(grown)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.evidenceKey()).isNotEqualTo(first.evidenceKey());
              assertThat(f.observed().get("new_tools"))
                  .containsExactly("aws:s3", "k8s", "slack", "vault");
            });
  }

  @Test
  void aToolUnusedForLongerThanTheHorizonIsNewAgain() {
    feed.routine(0, 1, "vault", "aws:s3", "k8s");
    feed.routine(2, 40, "github", "jira");

    assertThat(feed.state.tools).containsOnlyKeys("github", "jira");
    assertThat(feed.sweep(day(41), MINUTE, "github", "jira", "vault", "aws:s3", "k8s")).hasSize(1);
  }

  @Test
  void theBaselineIsCappedByEvictingTheLeastRecentlyUsedTool() {
    Map<String, Object> small = params();
    small.put("max_baseline_entries", 4);
    Feed capped = new Feed(pack(rule(small, RuleExceptions.NONE, true)));
    capped.routine(0, 1, "vault", "aws:s3", "k8s");
    capped.routine(2, 9, "github", "jira");

    assertThat(capped.state.tools).hasSize(4).containsKeys("github", "jira");
    assertThat(capped.state.tools.keySet()).doesNotContain("vault");
  }

  @Test
  void exceptedToolsIdentitiesAndNetworksDoNotCount() {
    Feed excepted =
        new Feed(
            pack(
                rule(
                    params(),
                    new RuleExceptions(
                        List.of("agent:batch-*"), List.of("mcp:*"), List.of("198.51.100.0/24")),
                    true)));
    excepted.routine(0, 9, "github", "jira");
    assertThat(excepted.sweep(day(10), MINUTE, "github", "jira", "vault", "mcp:fs", "mcp:git"))
        .isEmpty();

    Feed toolsOnly =
        new Feed(pack(rule(params(), new RuleExceptions(null, List.of("mcp:*"), null), true)));
    toolsOnly.routine(0, 9, "github", "jira");
    assertThat(toolsOnly.sweep(day(10), MINUTE, "github", "jira", "vault", "mcp:fs", "mcp:git"))
        .as("two of the three new tools are excepted")
        .isEmpty();
    assertThat(toolsOnly.sweep(day(10).plus(Duration.ofMinutes(5)), MINUTE, "aws:s3", "k8s"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.observed().get("new_tools"))
                    .containsExactly("aws:s3", "k8s", "vault"));

    Feed identities =
        new Feed(pack(rule(params(), new RuleExceptions(List.of("agent:*"), null, null), true)));
    identities.routine(0, 9, "github", "jira");
    assertThat(identities.sweep(day(10), MINUTE, "github", "jira", "vault", "aws:s3", "k8s"))
        .isEmpty();
  }

  @Test
  void aDisabledRuleStaysQuietButTheBaselineKeepsLearning() {
    Feed off = new Feed(pack(rule(params(), RuleExceptions.NONE, false)));
    off.routine(0, 9, "github", "jira");

    assertThat(off.sweep(day(10), MINUTE, "github", "jira", "vault", "aws:s3", "k8s")).isEmpty();
    assertThat(off.state.tools).containsKeys("vault", "aws:s3", "k8s");
  }

  @Test
  void outOfOrderArrivalGivesTheSameFindingAsEventTimeOrder() {
    Instant start = day(10).plus(Duration.ofHours(3));
    List<ObservedEvent> sweep = new ArrayList<>();
    String[] tools = {"github", "vault", "jira", "aws:s3", "mcp:filesystem", "slack"};
    for (int i = 0; i < tools.length; i++) {
      sweep.add(use("f-" + i, start.plus(MINUTE.multipliedBy(i)), tools[i]));
    }
    List<ObservedEvent> shuffled = new ArrayList<>(sweep);
    Collections.shuffle(shuffled, new Random(3));

    Feed inOrder = new Feed(defaults());
    inOrder.routine(0, 9, "github", "jira");
    Feed outOfOrder = new Feed(defaults());
    outOfOrder.routine(0, 9, "github", "jira");

    List<String> keysInOrder =
        sweep.stream().flatMap(e -> inOrder.send(e).stream()).map(Finding::evidenceKey).toList();
    List<String> keysShuffled =
        shuffled.stream()
            .flatMap(e -> outOfOrder.send(e).stream())
            .map(Finding::evidenceKey)
            .toList();

    assertThat(keysShuffled).isNotEmpty();
    assertThat(keysInOrder).contains(keysShuffled.get(keysShuffled.size() - 1));
    // The same baseline; of the evidence, only the uses since the tool set last grew depend on
    // arrival order (a late new tool restarts that count), by at most the events of the grace.
    assertThat(outOfOrder.state.tools).isEqualTo(inOrder.state.tools);
    assertThat(outOfOrder.state.firstSeen).isEqualTo(inOrder.state.firstSeen);
    assertThat(outOfOrder.state.lastSeen).isEqualTo(inOrder.state.lastSeen);
    assertThat(outOfOrder.state.evidence.uses()).isEqualTo(inOrder.state.evidence.uses());
    assertThat(outOfOrder.state.evidence.activeDays())
        .isEqualTo(inOrder.state.evidence.activeDays());
  }

  @Test
  void stateExpiresWhenTheHorizonHasPassedSinceTheLastCall() {
    ToolFanoutDetector detector = feed.detector;
    assertThat(detector.isExpired(feed.state, day(0), feed.pack)).isTrue();
    feed.routine(0, 3, "github");
    Instant last = day(3).plus(Duration.ofHours(1));

    assertThat(detector.isExpired(feed.state, last.plus(Duration.ofDays(30)), feed.pack)).isFalse();
    assertThat(detector.isExpired(feed.state, last.plus(Duration.ofDays(31)), feed.pack)).isTrue();
  }

  @Test
  void anIdentitySilentPastTheHorizonLearnsAfreshWhetherOrNotTheSweepRan() {
    feed.routine(0, 9, "github", "jira");

    assertThat(feed.sweep(day(50), MINUTE, "github", "jira", "vault", "aws:s3", "k8s")).isEmpty();
    assertThat(feed.state.firstSeen).isEqualTo(day(50).toEpochMilli());
  }

  @Test
  void readsTokenUsesKeyedByIdentity() {
    ToolFanoutDetector detector = feed.detector;
    ObservedEvent login =
        ObservedEvent.of(
            AuthEvent.newBuilder()
                .setEventId("a-1")
                .setEventTime(day(0))
                .setIdentityId(IDENTITY)
                .setIdentityType(IdentityType.AI_AGENT)
                .setKind(AuthEventKind.LOGIN)
                .setOutcome(Outcome.SUCCESS)
                .setScopes(List.of())
                .setSource(new Source())
                .setAttributes(Map.of())
                .build());

    assertThat(detector.name()).isEqualTo("tool-fanout");
    assertThat(detector.keyBy()).isEqualTo(KeyBy.IDENTITY);
    assertThat(detector.accepts(use("u-1", day(0), "github"))).isTrue();
    assertThat(detector.accepts(login)).isFalse();
  }
}
