package dev.vigil.detector.intent;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.DetectorFeed;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.events.AuthEventKind;
import dev.vigil.rules.RuleExceptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskIntentDetectorTest {

  private static final String ID = "agent:support-bot";

  private final TaskIntentDetector detector = new TaskIntentDetector();
  private final DetectorFeed<IntentState, TaskIntentDetector> feed =
      new DetectorFeed<>(detector, TestPacks.standard());

  private static ObservedEvent issuedFor(String task, String token, long at) {
    return observed(issued("i-" + token, at(at), ID, token).setTaskId(task));
  }

  private static ObservedEvent completed(String task, long at) {
    return observed(auth("c-" + task, at(at), ID, AuthEventKind.TASK_COMPLETED).setTaskId(task));
  }

  private static ObservedEvent useOf(String eventId, String token, long at) {
    return observed(use(eventId, at(at), ID, token, "mcp:filesystem"));
  }

  @Test
  void aTaskTokenUsedAfterCompletionAndGraceFires() {
    List<Finding> findings =
        feed.send(issuedFor("task-1", "tok-1", 0), useOf("u-1", "tok-1", 30), completed("task-1", 100), useOf("u-2", "tok-1", 400));

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo(TestPacks.INTENT);
      assertThat(f.tokenId()).isEqualTo("tok-1");
      assertThat(f.eventIds()).containsExactly("i-tok-1", "c-task-1", "u-2");
      assertThat(f.windowStart()).isEqualTo(at(100));
      assertThat(f.windowEnd()).isEqualTo(at(400));
      assertThat(f.summary()).contains("task-1").contains("after the task completed");
    });
  }

  @Test
  void aTaskTokenUsedBeforeItsTaskEndsIsQuiet() {
    List<Finding> findings =
        feed.send(issuedFor("task-1", "tok-1", 0), useOf("u-1", "tok-1", 30), useOf("u-2", "tok-1", 90), completed("task-1", 100));

    assertThat(findings).isEmpty();
  }

  @Test
  void aUseInsideTheGraceAfterCompletionIsQuiet() {
    assertThat(feed.send(issuedFor("task-1", "tok-1", 0), completed("task-1", 100), useOf("u-1", "tok-1", 150))).isEmpty();
  }

  @Test
  void aUseNamingACompletedTaskFiresWithoutAKnownToken() {
    List<Finding> findings =
        feed.send(
            completed("task-9", 0),
            observed(use("u-1", at(600), ID, null, "jira").setTaskId("task-9")));

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.tokenId()).isNull();
      assertThat(f.summary()).startsWith("A request");
    });
  }

  @Test
  void aCompletionArrivingAfterALaterUseConvictsItByEventTime() {
    List<Finding> findings =
        feed.send(issuedFor("task-1", "tok-1", 0), useOf("u-1", "tok-1", 400), completed("task-1", 100));

    assertThat(findings).singleElement().extracting(Finding::eventIds).isEqualTo(List.of("i-tok-1", "c-task-1", "u-1"));
  }

  @Test
  void eachTaskTokenPairIsReportedOnce() {
    List<Finding> findings =
        feed.send(issuedFor("task-1", "tok-1", 0), completed("task-1", 100), useOf("u-1", "tok-1", 400), useOf("u-2", "tok-1", 500));

    assertThat(findings).hasSize(1);
  }

  @Test
  void exceptedToolsAreQuiet() {
    feed.pack =
        TestPacks.withRule(
            feed.pack, TestPacks.INTENT, TestPacks.exceptions(new RuleExceptions(List.of(), List.of("mcp:*"), List.of())));
    assertThat(feed.send(issuedFor("task-1", "tok-1", 0), completed("task-1", 100), useOf("u-1", "tok-1", 400))).isEmpty();
  }

  @Test
  void stateExpiresAfterTheTaskTtl() {
    feed.send(issuedFor("task-1", "tok-1", 0), completed("task-1", 100));
    assertThat(detector.isExpired(feed.state, at(100).plus(Duration.ofDays(6)), feed.pack)).isFalse();
    assertThat(detector.isExpired(feed.state, at(100).plus(Duration.ofDays(8)), feed.pack)).isTrue();
  }

  @Test
  void eventsWithoutTaskOrTokenAreNotWanted() {
    assertThat(detector.accepts(observed(auth("l-1", at(0), ID, AuthEventKind.LOGIN)))).isFalse();
    assertThat(detector.accepts(observed(use("u-1", at(0), ID, null, "jira")))).isFalse();
  }

  @Test
  void tasksAreBounded() {
    for (int i = 0; i < IntentState.MAX_TASKS + 50; i++) {
      feed.send(issuedFor("task-" + i, "tok-" + i, i));
    }
    assertThat(feed.state.tasks).hasSize(IntentState.MAX_TASKS);
    assertThat(feed.state.tasks).doesNotContainKey("task-0");
  }
}
