package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.alert.AlertIds;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Revocation at task end through the topology: a token still valid when its task completes is
 * revoked once the grace has passed in stream time (not before), under the same command ids as
 * every revocation; a token that expires within the grace is left alone; the identity's risk does
 * not move.
 */
class TaskEndRevocationTopologyTest {

  private static final String ID = "spiffe://prod/ns/ci/sa/deployer";
  private static final String RULE = "intent-task-completed";

  private static RulePack withTaskEnd(ResponseAction action) {
    List<dev.vigil.rules.Rule> rules = new ArrayList<>(TestPacks.standard().rules());
    dev.vigil.rules.Rule base =
        TestPacks.rule(
            RULE,
            RuleKind.TASK_END_REVOCATION,
            Severity.LOW,
            action,
            Map.of("grace", Duration.ofMinutes(1)));
    rules.add(
        new dev.vigil.rules.Rule(
            base.id(),
            base.kind(),
            base.description(),
            base.severity(),
            base.action(),
            true,
            Duration.ZERO,
            base.params(),
            base.exceptions(),
            base.tags()));
    return TestPacks.pack(10, rules);
  }

  @Test
  void aLiveTaskTokenIsRevokedOnceTheGraceHasPassed() {
    try (TopologyHarness h = new TopologyHarness(withTaskEnd(ResponseAction.REVOKE_TOKEN))) {
      h.send(
          issued("i-1", at(0), ID, "tok-live").setTaskId("deploy-1").setTokenExpiresAt(at(3600)));
      h.send(
          issued("i-2", at(10), ID, "tok-short").setTaskId("deploy-1").setTokenExpiresAt(at(130)));
      h.send(auth("c-1", at(100), ID, AuthEventKind.TASK_COMPLETED).setTaskId("deploy-1"));
      assertThat(h.revocations()).as("held through the grace").isEmpty();
      assertThat(h.alerts()).isEmpty();

      h.send(auth("l-1", at(200), "svc-other@corp", AuthEventKind.LOGIN));
      List<RevocationCommand> commands = h.revocations();
      assertThat(commands)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getAction()).isEqualTo(RevocationAction.REVOKE_TOKEN);
                assertThat(c.getTokenId()).isEqualTo("tok-live");
                assertThat(c.getReason()).startsWith(RULE + ": Task deploy-1 of " + ID);
                String alertId = AlertIds.alertId(RULE, ID, "deploy-1|tok-live|end");
                assertThat(c.getAlertId()).isEqualTo(alertId);
                assertThat(c.getCommandId())
                    .isEqualTo(AlertIds.commandId(alertId, RevocationAction.REVOKE_TOKEN));
                assertThat(c.getDryRun()).isFalse();
              });
      assertThat(h.alerts())
          .singleElement()
          .satisfies(a -> assertThat(a.getWindowEnd()).isEqualTo(at(160)));
      assertThat(h.risk()).as("housekeeping is not risk").isEmpty();
    }
  }

  @Test
  void alertOnlyModeRaisesTheAlertAndSendsNoCommand() {
    try (TopologyHarness h = new TopologyHarness(withTaskEnd(ResponseAction.NONE))) {
      h.send(issued("i-1", at(0), ID, "tok-live").setTaskId("deploy-1"));
      h.send(auth("c-1", at(100), ID, AuthEventKind.TASK_COMPLETED).setTaskId("deploy-1"));
      h.send(auth("l-1", at(200), "svc-other@corp", AuthEventKind.LOGIN));

      assertThat(h.alerts())
          .singleElement()
          .satisfies(a -> assertThat(a.getTokenId()).isEqualTo("tok-live"));
      assertThat(h.revocations()).isEmpty();
    }
  }
}
