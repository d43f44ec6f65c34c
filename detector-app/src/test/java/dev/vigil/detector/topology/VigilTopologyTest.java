package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.from;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.alert.AlertIds;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Detection;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import dev.vigil.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class VigilTopologyTest {

  private static final String ID = "spiffe://prod/ns/ci/sa/deployer";

  private static void revokedTokenUsed(TopologyHarness h, String identity, String token, long at) {
    h.send(issued("i-" + token, at(at), identity, token).setSource(attested("spiffe://a", null)));
    h.send(
        auth("r-" + token, at(at + 10), identity, AuthEventKind.TOKEN_REVOKED).setTokenId(token));
    h.send(
        use("u-" + token, at(at + 200), identity, token, "github")
            .setSource(attested("spiffe://a", null)));
  }

  @Test
  void aReplayedTokenGivesOneAlertAndOneRevocationCommand() {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      h.send(
          issued("i-1", at(0), ID, "tok-1")
              .setSource(attested("spiffe://a", "jkt-1"))
              .setAudience("github"));
      h.send(use("u-1", at(10), ID, "tok-1", "github").setSource(attested("spiffe://a", "jkt-1")));
      h.send(
          use("u-2", at(20), ID, "tok-1", "github").setSource(attested("spiffe://evil", "jkt-1")));

      List<Alert> alerts = h.alerts();
      assertThat(alerts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getRuleId()).isEqualTo(TestPacks.CONTEXT);
                assertThat(a.getDetection()).isEqualTo(Detection.TOKEN_REPLAY);
                assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
                assertThat(a.getIdentityId()).isEqualTo(ID);
                assertThat(a.getTokenId()).isEqualTo("tok-1");
                assertThat(a.getEventIds()).containsExactly("i-1", "u-2");
                assertThat(a.getAction()).isEqualTo(ResponseAction.REVOKE_TOKEN);
                assertThat(a.getTags()).containsExactly("attack.t1550.001", "owasp.nhi7");
                assertThat(a.getDetectedAt()).isEqualTo(TopologyHarness.WALL_CLOCK);
                assertThat(a.getAlertId())
                    .isEqualTo(
                        AlertIds.alertId(
                            TestPacks.CONTEXT,
                            ID,
                            "tok-1|ctx|workload=spiffe://evil binding=jkt-1"));
                assertThat(a.getSummary()).endsWith(".");
              });
      List<RevocationCommand> commands = h.revocations();
      assertThat(commands)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getAlertId()).isEqualTo(alerts.get(0).getAlertId());
                assertThat(c.getCommandId())
                    .isEqualTo(
                        AlertIds.commandId(
                            alerts.get(0).getAlertId(), RevocationAction.REVOKE_TOKEN));
                assertThat(c.getAction()).isEqualTo(RevocationAction.REVOKE_TOKEN);
                assertThat(c.getTokenId()).isEqualTo("tok-1");
                assertThat(c.getDryRun()).isFalse();
              });
      assertThat(h.metrics.count("in")).isEqualTo(3);
      assertThat(h.metrics.count("alert")).isEqualTo(1);
      assertThat(h.metrics.count("revocation.dry_run=false")).isEqualTo(1);
    }
  }

  @Test
  void benignLookAlikesStayQuiet() {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      // IP churn inside one workload's own network, with a bound context that matches.
      h.send(
          issued("i-1", at(0), ID, "tok-1")
              .setSource(attested("spiffe://a", null))
              .setAudience("github")
              .setTokenExpiresAt(at(900)));
      for (int i = 0; i < 20; i++) {
        h.send(
            use("u-" + i, at(10 + i * 30L), ID, "tok-1", "github:api")
                .setSource(
                    dev.vigil.events.Source.newBuilder(from("34.1." + i + ".9", 15169L, "US"))
                        .setWorkloadId("spiffe://a")
                        .build()));
      }
      // A refreshed token used past its first expiry.
      h.send(
          auth("f-1", at(800), ID, AuthEventKind.TOKEN_REFRESHED)
              .setTokenId("tok-1")
              .setTokenExpiresAt(at(2000)));
      h.send(
          use("u-late", at(1500), ID, "tok-1", "github").setSource(attested("spiffe://a", null)));
      // A task token used before its task ends.
      h.send(issued("i-2", at(100), "agent:bot", "tok-2").setTaskId("task-1").setAudience("jira"));
      h.send(use("v-1", at(200), "agent:bot", "tok-2", "jira"));
      h.send(auth("c-1", at(300), "agent:bot", AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));

      assertThat(h.alerts()).isEmpty();
      assertThat(h.revocations()).isEmpty();
    }
  }

  @Test
  void aTaskTokenUsedAfterItsTaskEndedFiresEndToEnd() {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      h.send(issued("i-2", at(0), "agent:bot", "tok-2").setTaskId("task-1"));
      h.send(auth("c-1", at(100), "agent:bot", AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));
      h.send(use("v-1", at(400), "agent:bot", "tok-2", "mcp:filesystem"));

      assertThat(h.alerts())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getDetection()).isEqualTo(Detection.ACCESS_OUTLIVES_INTENT);
                assertThat(a.getEventIds()).containsExactly("i-2", "c-1", "v-1");
              });
      assertThat(h.revocations())
          .singleElement()
          .extracting(RevocationCommand::getTokenId)
          .isEqualTo("tok-2");
    }
  }

  @Test
  void outOfOrderEventsInsideGraceAreJudgedByEventTime() {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      h.send(issued("i-2", at(0), "agent:bot", "tok-2").setTaskId("task-1"));
      // The use (t=400) arrives before the completion (t=350) it comes after: 50 s out of order.
      h.send(use("v-1", at(400), "agent:bot", "tok-2", "mcp:filesystem"));
      assertThat(h.alerts()).isEmpty();
      h.send(auth("c-1", at(300), "agent:bot", AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));

      assertOnlyTheIntentAlertAndNothingLate(h);
    }
  }

  /**
   * The two input topics come from different producers, and one may deliver minutes after the
   * other: its events are judged against its own partition's time, not dead-lettered because the
   * other topic is ahead. Here the token-use topic lags the auth topic by 10 minutes, and its use
   * of a completed task's token is still caught.
   */
  @Test
  void aTopicLaggingTheOtherIsJudgedNotDeadLettered() {
    try (TopologyHarness h =
        new TopologyHarness(TestPacks.standard(), false, Duration.ofMinutes(2))) {
      h.send(issued("i-2", at(0), "agent:bot", "tok-2").setTaskId("task-1"));
      h.send(use("v-0", at(50), "agent:bot", "tok-2", "mcp:filesystem"));
      h.send(auth("c-1", at(100), "agent:bot", AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));
      h.send(issued("i-3", at(1000), "agent:other", "tok-3"));
      h.send(use("v-1", at(400), "agent:bot", "tok-2", "mcp:filesystem"));

      assertOnlyTheIntentAlertAndNothingLate(h);
    }
  }

  /**
   * A partition whose time is not known yet (its first record since this instance took the task, as
   * after a restart) is judged against the task's stream time, which Kafka Streams restores: a
   * restart never lets a far-past event through.
   */
  @Test
  void aPartitionsFirstEventIsJudgedAgainstTheTasksStreamTime() {
    try (TopologyHarness h =
        new TopologyHarness(TestPacks.standard(), false, Duration.ofMinutes(2))) {
      h.send(issued("i-1", at(1000), "agent:bot", "tok-1"));
      h.send(use("v-1", at(400), "agent:bot", "tok-1", "mcp:filesystem"));
      h.send(use("v-2", at(1010), "agent:bot", "tok-1", "mcp:filesystem"));
      h.send(use("v-3", at(900), "agent:bot", "tok-1", "mcp:filesystem"));

      assertThat(h.metrics.count("late.token_use")).isEqualTo(1);
      assertThat(h.deadLetters())
          .singleElement()
          .satisfies(r -> assertThat(r.key()).isEqualTo("agent:bot"));
      assertThat(h.metrics.count("in.token_use")).isEqualTo(2);
    }
  }

  private static void assertOnlyTheIntentAlertAndNothingLate(TopologyHarness h) {
    assertThat(h.alerts()).singleElement().extracting(Alert::getRuleId).isEqualTo(TestPacks.INTENT);
    assertThat(h.metrics.count("late")).isZero();
    assertThat(h.deadLetters()).isEmpty();
  }

  @Test
  void lateEventsBeyondGraceAreCountedAndDeadLettered() {
    try (TopologyHarness h =
        new TopologyHarness(TestPacks.standard(), false, Duration.ofMinutes(2))) {
      h.send(issued("i-2", at(0), "agent:bot", "tok-2").setTaskId("task-1"));
      h.send(use("v-1", at(1000), "agent:bot", "tok-2", "mcp:filesystem"));
      h.send(issued("i-3", at(1000), "agent:bot", "tok-3"));
      // 10 minutes behind its own topic's time: beyond the 2 minute grace.
      h.send(auth("c-1", at(400), "agent:bot", AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));

      assertThat(h.alerts()).isEmpty();
      assertThat(h.metrics.count("late.auth")).isEqualTo(1);
      List<TestRecord<String, byte[]>> dead = h.deadLetters();
      assertThat(dead)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.key()).isEqualTo("agent:bot");
                assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo(DeadLetters.LATE_EVENT);
                assertThat(header(r, DeadLetterHeaders.TOPIC))
                    .isEqualTo(VigilTopics.DEFAULTS.authEvents());
                assertThat(header(r, DeadLetterHeaders.PARTITION)).isEqualTo("0");
                assertThat(header(r, DeadLetterHeaders.OFFSET)).isEqualTo("2");
                assertThat(header(r, DeadLetterHeaders.MESSAGE)).contains("grace period PT2M");
                assertThat(
                        new AvroBinarySerde<>(dev.vigil.events.AuthEvent.class)
                            .deserializer()
                            .deserialize("t", r.value())
                            .getEventId())
                    .isEqualTo("c-1");
              });
    }
  }

  @Test
  void repeatsInsideSuppressionAreMergedAndRolledUpWhenTheWindowCloses() {
    RulePack pack =
        TestPacks.withRule(
            TestPacks.standard(),
            TestPacks.AUDIENCE,
            TestPacks.suppressFor(Duration.ofMinutes(30)));
    try (TopologyHarness h = new TopologyHarness(pack)) {
      for (int i = 0; i < 3; i++) {
        h.send(issued("i-" + i, at(i * 60L), "svc-billing@corp", "tok-" + i).setAudience("github"));
        h.send(use("u-" + i, at(i * 60L + 5), "svc-billing@corp", "tok-" + i, "vault"));
      }
      List<Alert> first = h.alerts();
      assertThat(first).singleElement().extracting(Alert::getTokenId).isEqualTo("tok-0");
      assertThat(h.metrics.count("suppressed." + TestPacks.AUDIENCE)).isEqualTo(2);

      // Stream time passes the end of the 30 minute window: the merged repeats are reported once.
      h.send(issued("i-x", at(40 * 60L), "other@corp", "tok-x").setAudience("github"));
      h.send(use("u-x", at(40 * 60L + 5), "other@corp", "tok-x", "jira"));
      List<Alert> later = h.alerts();
      Alert rollup =
          later.stream()
              .filter(a -> a.getIdentityId().equals("svc-billing@corp"))
              .findFirst()
              .orElseThrow();
      assertThat(rollup.getEventCount()).isEqualTo(4);
      assertThat(rollup.getEventIds()).containsExactly("i-1", "u-1", "i-2", "u-2");
      assertThat(rollup.getObserved().get("tokens")).containsExactly("tok-1", "tok-2");
      assertThat(rollup.getObserved().get("merged_into"))
          .containsExactly(first.get(0).getAlertId());
      assertThat(rollup.getSummary()).contains("2 more times");
      assertThat(rollup.getAction()).isEqualTo(ResponseAction.NONE);
      assertThat(later).filteredOn(a -> a.getIdentityId().equals("other@corp")).hasSize(1);
    }
  }

  @Test
  void theGlobalCapTurnsFurtherRevocationsIntoAlertsOnly() {
    // Four identities' tokens, each revoked then used, inside one minute of event time.
    try (TopologyHarness h =
        new TopologyHarness(
            TestPacks.withCap(TestPacks.standard(), 2), false, Duration.ofMinutes(10))) {
      for (int i = 0; i < 4; i++) {
        revokedTokenUsed(h, "svc-" + i + "@corp", "tok-" + i, i);
      }
      List<Alert> alerts = h.alerts();
      assertThat(alerts).hasSize(4);
      assertThat(alerts)
          .filteredOn(a -> a.getTags().contains("vigil.revocation-capped"))
          .hasSize(2);
      assertThat(h.revocations()).hasSize(2);
      assertThat(h.metrics.count("capped")).isEqualTo(2);
    }
  }

  @Test
  void observeOnlyMarksCommandsDryRun() {
    try (TopologyHarness h =
        new TopologyHarness(TestPacks.standard(), true, Duration.ofMinutes(2))) {
      revokedTokenUsed(h, ID, "tok-1", 0);
      assertThat(h.revocations())
          .singleElement()
          .extracting(RevocationCommand::getDryRun)
          .isEqualTo(true);
      assertThat(h.metrics.count("revocation.dry_run=true")).isEqualTo(1);
    }
  }

  @Test
  void aRuleWithoutResponseSendsNoCommand() {
    RulePack pack =
        TestPacks.withRule(
            TestPacks.standard(), TestPacks.REVOKED, TestPacks.action(ResponseAction.NONE));
    try (TopologyHarness h = new TopologyHarness(pack)) {
      revokedTokenUsed(h, ID, "tok-1", 0);
      assertThat(h.alerts()).hasSize(1);
      assertThat(h.revocations()).isEmpty();
    }
  }

  @Test
  void aRulesUpdateChangesAThresholdWithoutLosingWindowState() {
    RulePack strict =
        TestPacks.withRule(
            TestPacks.standard(), TestPacks.SPREAD, TestPacks.param("min_distinct_asns", 3));
    RulePack loose =
        TestPacks.withRule(strict, TestPacks.SPREAD, TestPacks.param("min_distinct_asns", 2));
    try (TopologyHarness h = new TopologyHarness(strict)) {
      h.publishRules("pack: strict", strict);
      h.send(use("u-1", at(0), ID, "tok-1", "github").setSource(from("34.1.1.1", 15169L, "US")));
      h.send(use("u-2", at(60), ID, "tok-1", "github").setSource(from("185.2.2.2", 9009L, "US")));
      assertThat(h.alerts()).isEmpty();

      h.publishRules("this is not a pack", null);
      h.send(use("u-3", at(90), ID, "tok-1", "github").setSource(from("34.1.1.2", 15169L, "US")));
      assertThat(h.alerts()).isEmpty();
      assertThat(h.metrics.count("rulesRejected")).isEqualTo(1);

      h.publishRules("pack: loose", loose);
      // The next use is in a network seen before: only the two networks remembered from before the
      // update can make the loosened rule fire.
      h.send(use("u-4", at(120), ID, "tok-1", "github").setSource(from("34.1.1.3", 15169L, "US")));
      assertThat(h.alerts())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getRuleId()).isEqualTo(TestPacks.SPREAD);
                assertThat(a.getObserved().get("networks"))
                    .containsExactly("asn:15169", "asn:9009");
              });
    }
  }

  @Test
  void alertIdsAreTheSameAcrossTwoRuns() {
    List<String> first = runScenario();
    List<String> second = runScenario();
    // Three alerts (revoked use, audience mismatch, task intent) and two commands.
    assertThat(first).hasSize(5).doesNotHaveDuplicates().isEqualTo(second);
  }

  private static List<String> runScenario() {
    try (TopologyHarness h =
        new TopologyHarness(TestPacks.standard(), false, Duration.ofMinutes(10))) {
      revokedTokenUsed(h, ID, "tok-1", 0);
      h.send(issued("i-a", at(10), "svc@corp", "tok-a").setAudience("github"));
      h.send(use("u-a", at(20), "svc@corp", "tok-a", "vault"));
      h.send(issued("i-t", at(0), "agent:bot", "tok-t").setTaskId("task-1"));
      h.send(auth("c-t", at(100), "agent:bot", AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));
      h.send(use("u-t", at(400), "agent:bot", "tok-t", "jira"));
      List<String> ids =
          new java.util.ArrayList<>(h.alerts().stream().map(Alert::getAlertId).toList());
      ids.addAll(h.revocations().stream().map(RevocationCommand::getCommandId).toList());
      return ids.stream().sorted().toList();
    }
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
