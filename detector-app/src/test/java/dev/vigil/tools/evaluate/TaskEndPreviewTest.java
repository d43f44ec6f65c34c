package dev.vigil.tools.evaluate;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Detection;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.tools.simulate.CampaignLabel;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class TaskEndPreviewTest {

  private static CampaignLabel attack(String id, String identity, String token, long firstBadAt) {
    return new CampaignLabel(
        id,
        Detection.ACCESS_OUTLIVES_INTENT,
        "task_token_reused",
        true,
        identity,
        token,
        at(0),
        at(firstBadAt),
        List.of(),
        "bad-" + id,
        at(firstBadAt),
        null);
  }

  @Test
  void countsTheTokensItWouldEndAndTheAttacksThatWouldHaveFoundThemDead() {
    List<SpecificRecord> events =
        List.of(
            issued("i-1", at(0), "ci-a", "tok-a")
                .setTaskId("t-a")
                .setTokenExpiresAt(at(7200))
                .build(),
            auth("c-1", at(100), "ci-a", AuthEventKind.TASK_COMPLETED).setTaskId("t-a").build(),
            // Expires within the grace after completion: left to expire, not counted.
            issued("i-2", at(0), "ci-b", "tok-b")
                .setTaskId("t-b")
                .setTokenExpiresAt(at(150))
                .build(),
            auth("c-2", at(100), "ci-b", AuthEventKind.TASK_COMPLETED).setTaskId("t-b").build(),
            issued("i-3", at(0), "ci-c", "tok-c").setTaskId("t-c").build(),
            auth("c-3", at(1000), "ci-c", AuthEventKind.TASK_COMPLETED).setTaskId("t-c").build(),
            use("u-3", at(1500), "ci-c", "tok-c", "github").build());
    List<CampaignLabel> labels =
        List.of(
            // Misused an hour after completion: the token was ended at completion + 1m.
            attack("x", "ci-a", "tok-a", 3700),
            // Misused 30 s after completion, inside the grace: not prevented.
            attack("y", "ci-c", "tok-c", 1030));

    TaskEndPreview preview = TaskEndPreview.of(RulePacks.defaultPack(), events, labels);

    assertThat(preview.enabledInPack()).isFalse();
    assertThat(preview.tokensEnded()).isEqualTo(2);
    assertThat(preview.intentAttacks()).isEqualTo(2);
    assertThat(preview.prevented()).isEqualTo(1);
    assertThat(preview.markdown())
        .contains("`intent-task-completed`")
        .contains("2 task credentials ended early")
        .contains("1 of 2 ACCESS_OUTLIVES_INTENT attacks prevented");
  }
}
