package dev.vigil.tools.replay;

import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.from;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Detectors;
import dev.vigil.detector.fixtures.Events;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.RevocationCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ReplayRunnerTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC);

  /**
   * Three days of 20 workloads, each minting a task token every 30 minutes and using it from one
   * ASN with churning IPs before its task completes; plus three attacks on day two and three.
   */
  static List<SpecificRecord> threeDays() {
    List<SpecificRecord> events = new ArrayList<>();
    Instant start = Events.T0;
    int n = 0;
    for (int w = 0; w < 20; w++) {
      String id = "spiffe://prod/ns/app/sa/w" + w;
      for (long slot = 0; slot < 3 * 48; slot++) {
        Instant t = start.plus(Duration.ofMinutes(30 * slot + w));
        String token = "tok-" + w + "-" + slot;
        String task = "task-" + w + "-" + slot;
        events.add(
            issued("i" + n++, t, id, token)
                .setTaskId(task)
                .setAudience("github")
                .setTokenExpiresAt(t.plus(Duration.ofMinutes(20)))
                .build());
        for (int k = 0; k < 3; k++) {
          events.add(
              use("u" + n++, t.plusSeconds(60 + k * 60L), id, token, "github")
                  .setTaskId(task)
                  .setSource(from("34.1." + w + "." + k, 15169L, "US"))
                  .build());
        }
        events.add(
            auth("c" + n++, t.plusSeconds(300), id, AuthEventKind.TASK_COMPLETED)
                .setTaskId(task)
                .build());
      }
    }
    Instant day2 = start.plus(Duration.ofDays(1)).plusSeconds(7);
    // Attack 1: w3's token of slot 48 used from a second ASN and country.
    events.add(
        use(
                "atk-1",
                day2.plusSeconds(90 + 3 * 60),
                "spiffe://prod/ns/app/sa/w3",
                "tok-3-48",
                "github")
            .setSource(from("185.2.2.2", 9009L, "RO"))
            .build());
    // Attack 2: w5's slot-50 token used at vault, an hour after its task ended.
    Instant slot50 = start.plus(Duration.ofMinutes(30 * 50 + 5));
    events.add(
        use(
                "atk-2",
                slot50.plus(Duration.ofMinutes(16)),
                "spiffe://prod/ns/app/sa/w5",
                "tok-5-50",
                "vault")
            .setSource(from("34.1.5.0", 15169L, "US"))
            .build());
    // Attack 3: w7's slot-100 token revoked after its holder's last use, then used again a
    // minute and a half later, before its task ends.
    Instant slot100 = start.plus(Duration.ofMinutes(30 * 100 + 7));
    events.add(
        auth(
                "rev-3",
                slot100.plusSeconds(190),
                "spiffe://prod/ns/app/sa/w7",
                AuthEventKind.TOKEN_REVOKED)
            .setTokenId("tok-7-100")
            .build());
    events.add(
        use("atk-3", slot100.plusSeconds(280), "spiffe://prod/ns/app/sa/w7", "tok-7-100", "github")
            .setSource(from("34.1.7.0", 15169L, "US"))
            .build());
    return events;
  }

  @Test
  void aShuffledMultiDayFileFindsEachAttackAndNothingElse() {
    List<SpecificRecord> events = threeDays();
    Collections.shuffle(events, new Random(42));
    ReplayResult result =
        new ReplayRunner(TestPacks.standard(), Detectors.all(), true, CLOCK).run(events);

    assertThat(result.events()).isEqualTo(events.size()).isGreaterThan(14_000);
    assertThat(result.lateEvents()).isZero();
    assertThat(result.alerts())
        .extracting(a -> a.getRuleId() + " " + a.getIdentityId())
        .containsExactlyInAnyOrder(
            TestPacks.SPREAD + " spiffe://prod/ns/app/sa/w3",
            TestPacks.INTENT + " spiffe://prod/ns/app/sa/w5",
            TestPacks.AUDIENCE + " spiffe://prod/ns/app/sa/w5",
            TestPacks.REVOKED + " spiffe://prod/ns/app/sa/w7");
    assertThat(result.alerts())
        .allSatisfy(a -> assertThat(a.getEventIds()).anyMatch(id -> id.startsWith("atk-")));
    assertThat(result.revocations())
        .extracting(RevocationCommand::getTokenId)
        .containsExactlyInAnyOrder("tok-5-50", "tok-7-100");
    assertThat(result.revocations()).allSatisfy(c -> assertThat(c.getDryRun()).isTrue());
  }

  @Test
  void theFileOrderDoesNotChangeTheAlerts() {
    List<SpecificRecord> events =
        new ArrayList<>(threeDays().stream().filter(ReplayRunnerTest::onDayTwo).toList());
    List<String> sorted =
        ids(new ReplayRunner(TestPacks.standard(), Detectors.all(), false, CLOCK).run(events));
    Collections.shuffle(events, new Random(7));
    List<String> shuffled =
        ids(new ReplayRunner(TestPacks.standard(), Detectors.all(), false, CLOCK).run(events));
    // Day two holds the network-spread and the task-intent / audience attacks.
    assertThat(shuffled).hasSize(3).isEqualTo(sorted);
  }

  private static boolean onDayTwo(SpecificRecord event) {
    Instant time = (Instant) event.get(event.getSchema().getField("event_time").pos());
    return !time.isBefore(Events.T0.plus(Duration.ofDays(1)))
        && time.isBefore(Events.T0.plus(Duration.ofDays(2)));
  }

  private static List<String> ids(ReplayResult result) {
    return result.alerts().stream().map(Alert::getAlertId).sorted().toList();
  }
}
