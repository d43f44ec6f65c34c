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
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaskIntentDetectorTest {

  private static final String ID = "agent:support-bot";

  private final TaskIntentDetector detector = new TaskIntentDetector();
  private final DetectorFeed<IntentState, TaskIntentDetector> feed =
      new DetectorFeed<>(detector, TestPacks.standard());

  private static ObservedEvent issuedFor(String task, String token, long at) {
    return observed(issued("i-" + token, at(at), ID, token).setTaskId(task));
  }

  /** A task token valid for {@code lifetime} seconds. */
  private static ObservedEvent issuedFor(String task, String token, long at, long lifetime) {
    return observed(
        issued("i-" + token, at(at), ID, token)
            .setTaskId(task)
            .setTokenExpiresAt(at(at + lifetime)));
  }

  private static ObservedEvent completed(String task, long at) {
    return observed(auth("c-" + task, at(at), ID, AuthEventKind.TASK_COMPLETED).setTaskId(task));
  }

  private static ObservedEvent useOf(String eventId, String token, long at) {
    return observed(use(eventId, at(at), ID, token, "mcp:filesystem"));
  }

  /**
   * A state held between events (as the store holds it) judges only a new use when nothing else
   * changed since its uses were last judged. Its findings must be those of judging every use at
   * every event, which a state read back from its bytes before each event does: random traffic of
   * many tasks and tokens (enough findings that reported keys are forgotten past their cap), out of
   * order, with the pack replaced now and then.
   */
  @Test
  void judgingOnlyANewUseFindsWhatJudgingEveryUseFinds() {
    IntentStateCodec codec = new IntentStateCodec();
    RulePack standard = TestPacks.standard();
    RulePack longerGrace =
        TestPacks.withRule(
            standard, TestPacks.INTENT, TestPacks.param("grace", Duration.ofMinutes(20)));
    // Short enough that tasks go within a run: prune's skipping of its task scan is exercised too.
    RulePack shortTtl =
        TestPacks.withRule(
            standard, TestPacks.INTENT, TestPacks.param("task_ttl", Duration.ofMinutes(90)));
    List<RulePack> packs = List.of(standard, longerGrace, shortTtl);
    int findings = 0;
    long forgotten = 0;
    for (int seed = 1; seed <= 6; seed++) {
      Random random = new Random(seed);
      IntentState held = detector.newState();
      IntentState reread = detector.newState();
      RulePack pack = standard;
      for (int i = 0; i < 700; i++) {
        if (i % 150 == 149) {
          pack = packs.get((i / 150 + seed) % packs.size());
        }
        ObservedEvent event = randomEvent(random, i);
        List<Finding> fromHeld = detector.onEvent(held, event, pack);
        reread = codec.decode(codec.encode(reread));
        List<Finding> fromReread = detector.onEvent(reread, event, pack);

        assertThat(fromHeld).as("seed %d event %d", seed, i).isEqualTo(fromReread);
        // The held state skips prune scans it knows would find nothing; the re-read one, which
        // starts not knowing, scans every time: the two must keep the same tasks, tokens and uses.
        assertThat(codec.encode(held))
            .as("seed %d event %d", seed, i)
            .isEqualTo(codec.encode(reread));
        findings += fromHeld.size();
      }
      forgotten += held.reported.forgotten();
    }
    assertThat(findings).isGreaterThan(300);
    assertThat(forgotten).as("reported keys forgotten past the cap").isPositive();
  }

  /**
   * Tasks completed and tokens issued for them among uses of those tokens and tasks, over hours.
   */
  private static ObservedEvent randomEvent(Random random, int i) {
    long at = i * 30L - random.nextInt(600);
    String task = "task-" + random.nextInt(40);
    String token = "tok-" + random.nextInt(30);
    return switch (random.nextInt(8)) {
      case 0 -> issuedFor(task, token, at, random.nextBoolean() ? 3_600 : 60);
      case 1 -> completed(task, at);
      case 2 -> observed(use("u-" + i, at(at), ID, null, "mcp:vault").setTaskId(task));
      default -> useOf("u-" + i, token, at);
    };
  }

  @Test
  void aTaskTokenUsedAfterCompletionAndGraceFires() {
    List<Finding> findings =
        feed.send(
            issuedFor("task-1", "tok-1", 0),
            useOf("u-1", "tok-1", 30),
            completed("task-1", 100),
            useOf("u-2", "tok-1", 400));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo(TestPacks.INTENT);
              assertThat(f.tokenId()).isEqualTo("tok-1");
              assertThat(f.eventIds()).containsExactly("i-tok-1", "c-task-1", "u-2");
              assertThat(f.windowStart()).isEqualTo(at(100));
              assertThat(f.windowEnd()).isEqualTo(at(400));
              assertThat(f.summary())
                  .contains("task-1")
                  .contains(" 5m after the task completed, beyond its 1m grace.");
            });
  }

  @Test
  void aTaskTokenUsedBeforeItsTaskEndsIsQuiet() {
    List<Finding> findings =
        feed.send(
            issuedFor("task-1", "tok-1", 0),
            useOf("u-1", "tok-1", 30),
            useOf("u-2", "tok-1", 90),
            completed("task-1", 100));

    assertThat(findings).isEmpty();
  }

  @Test
  void aUseInsideTheGraceAfterCompletionIsQuiet() {
    assertThat(
            feed.send(
                issuedFor("task-1", "tok-1", 0),
                completed("task-1", 100),
                useOf("u-1", "tok-1", 150)))
        .isEmpty();
  }

  @Test
  void aUseNamingACompletedTaskFiresWithoutAKnownToken() {
    List<Finding> findings =
        feed.send(
            completed("task-9", 0),
            observed(use("u-1", at(600), ID, null, "jira").setTaskId("task-9")));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.tokenId()).isNull();
              assertThat(f.summary()).startsWith("A request");
            });
  }

  @Test
  void aCompletionArrivingAfterALaterUseConvictsItByEventTime() {
    List<Finding> findings =
        feed.send(
            issuedFor("task-1", "tok-1", 0), useOf("u-1", "tok-1", 400), completed("task-1", 100));

    assertThat(findings)
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("i-tok-1", "c-task-1", "u-1"));
  }

  @Test
  void eachTaskTokenPairIsReportedOnce() {
    List<Finding> findings =
        feed.send(
            issuedFor("task-1", "tok-1", 0),
            completed("task-1", 100),
            useOf("u-1", "tok-1", 400),
            useOf("u-2", "tok-1", 500));

    assertThat(findings).hasSize(1);
  }

  @Test
  void exceptedToolsAreQuiet() {
    feed.pack =
        TestPacks.withRule(
            feed.pack,
            TestPacks.INTENT,
            TestPacks.exceptions(new RuleExceptions(List.of(), List.of("mcp:*"), List.of())));
    assertThat(
            feed.send(
                issuedFor("task-1", "tok-1", 0),
                completed("task-1", 100),
                useOf("u-1", "tok-1", 400)))
        .isEmpty();
  }

  @Test
  void stateExpiresAfterTheTaskTtl() {
    feed.send(issuedFor("task-1", "tok-1", 0), completed("task-1", 100));
    assertThat(detector.isExpired(feed.state, at(100).plus(Duration.ofDays(6)), feed.pack))
        .isFalse();
    assertThat(detector.isExpired(feed.state, at(100).plus(Duration.ofDays(8)), feed.pack))
        .isTrue();
  }

  @Test
  void eventsWithoutTaskOrTokenAreNotWanted() {
    assertThat(detector.accepts(observed(auth("l-1", at(0), ID, AuthEventKind.LOGIN)))).isFalse();
    assertThat(detector.accepts(observed(use("u-1", at(0), ID, null, "jira")))).isFalse();
  }

  @Test
  void aTaskIsNotKeptUntilItCompletes() {
    feed.send(issuedFor("task-1", "tok-1", 0), useOf("u-1", "tok-1", 30));
    assertThat(feed.state.tasks()).isEmpty();
    assertThat(feed.state.tokens()).containsKey("tok-1");

    List<Finding> findings = feed.send(completed("task-1", 100), useOf("u-2", "tok-1", 400));

    assertThat(findings)
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("i-tok-1", "c-task-1", "u-2"));
    assertThat(feed.state.tasks().get("task-1").completedAt()).isEqualTo(at(100));
  }

  @Test
  void aTaskTokenIsDroppedOnceSettledPastItsExpiryAndAUseNamingTheTaskStillFires() {
    // Expires at 600; the replay rule's 2m skew and the 15m lookback settle it at 1620.
    feed.send(issuedFor("task-1", "tok-1", 0, 600), completed("task-1", 100));
    feed.send(observed(use("u-1", at(1620), ID, "tok-x", "jira")));
    assertThat(feed.state.tokens()).containsKey("tok-1");

    List<Finding> tokenOnly = feed.send(useOf("u-2", "tok-1", 1621));

    assertThat(feed.state.tokens()).doesNotContainKey("tok-1");
    assertThat(tokenOnly).as("a use of the expired token is TOKEN_REPLAY's").isEmpty();
    List<Finding> namingTheTask =
        feed.send(
            observed(use("u-3", at(1700), ID, "tok-1", "mcp:filesystem").setTaskId("task-1")));
    assertThat(namingTheTask)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventIds()).containsExactly("c-task-1", "u-3");
              assertThat(f.tokenId()).isEqualTo("tok-1");
            });
  }

  @Test
  void withoutAnEnabledExpiredUseRuleATaskTokenIsKeptTheTaskTtl() {
    feed.pack = TestPacks.withRule(feed.pack, TestPacks.REVOKED, TestPacks.disabled());
    feed.send(issuedFor("task-1", "tok-1", 0, 600), completed("task-1", 100));

    List<Finding> findings = feed.send(useOf("u-1", "tok-1", 86_400));

    assertThat(feed.state.tokens()).containsKey("tok-1");
    assertThat(findings)
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("i-tok-1", "c-task-1", "u-1"));
  }

  @Test
  void compactionShedsSettledTokensAndOldUsesButKeepsTheCompletedTask() {
    feed.send(
        issuedFor("task-1", "tok-1", 0, 600), useOf("u-1", "tok-1", 30), completed("task-1", 100));
    // At 900 the token is live and the use inside the lookback of 15m: nothing to shed.
    assertThat(detector.compact(feed.state, at(900), feed.pack)).isFalse();
    assertThat(feed.state.uses).hasSize(1);

    assertThat(detector.compact(feed.state, at(1621), feed.pack)).isTrue();

    assertThat(feed.state.tokens()).isEmpty();
    assertThat(feed.state.uses).isEmpty();
    assertThat(feed.state.tasks()).containsOnlyKeys("task-1");
    assertThat(detector.isExpired(feed.state, at(1621), feed.pack)).isFalse();
    List<Finding> findings =
        feed.send(observed(use("u-2", at(7200), ID, null, "jira").setTaskId("task-1")));
    assertThat(findings)
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("c-task-1", "u-2"));
  }

  @Test
  void compactionLeavesALiveTaskTokenAlone() {
    feed.send(issuedFor("task-1", "tok-1", 0, 3600), useOf("u-1", "tok-1", 2000));
    assertThat(detector.compact(feed.state, at(2000 + 899), feed.pack)).isFalse();
    assertThat(feed.state.tokens()).containsKey("tok-1");
    assertThat(feed.state.uses).hasSize(1);
    // A completion arriving late still convicts the kept use by event time.
    assertThat(feed.send(completed("task-1", 1000)))
        .singleElement()
        .extracting(Finding::eventIds)
        .isEqualTo(List.of("i-tok-1", "c-task-1", "u-1"));
  }

  @Test
  void anIdentityWithNothingLeftToJudgeExpiresWithoutWaitingForTheTaskTtl() {
    feed.send(observed(use("u-1", at(0), ID, "tok-standing", "jira")));
    assertThat(detector.isExpired(feed.state, at(900), feed.pack)).isFalse();
    assertThat(detector.isExpired(feed.state, at(901), feed.pack)).isTrue();
  }

  @Test
  void tasksAreBounded() {
    for (int i = 0; i < IntentState.MAX_TASKS + 50; i++) {
      feed.send(completed("task-" + i, i));
    }
    assertThat(feed.state.tasks()).hasSize(IntentState.MAX_TASKS);
    assertThat(feed.state.tasks()).doesNotContainKey("task-0");
  }
}
