package dev.vigil.detector.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.RevocationAction;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertIdsTest {

  @Test
  void theSameEvidenceAlwaysGivesTheSameIdAndAnyDifferenceAnother() {
    String id = AlertIds.alertId("replay-context", "svc@corp", "tok-1|ctx|a");
    assertThat(AlertIds.alertId("replay-context", "svc@corp", "tok-1|ctx|a")).isEqualTo(id);
    assertThat(AlertIds.alertId("replay-context", "svc@corp", "tok-1|ctx|b")).isNotEqualTo(id);
    assertThat(AlertIds.alertId("replay-spread", "svc@corp", "tok-1|ctx|a")).isNotEqualTo(id);
    // Field boundaries cannot be shifted to forge a collision.
    assertThat(AlertIds.alertId("a", "bc", "d")).isNotEqualTo(AlertIds.alertId("ab", "c", "d"));
    assertThat(UUID.fromString(id).version()).isEqualTo(5);
  }

  @Test
  void commandIdsFollowTheirAlertAndAction() {
    String alert = AlertIds.alertId("r", "i", "e");
    String revoke = AlertIds.commandId(alert, RevocationAction.REVOKE_TOKEN);
    assertThat(AlertIds.commandId(alert, RevocationAction.REVOKE_TOKEN)).isEqualTo(revoke);
    assertThat(AlertIds.commandId(alert, RevocationAction.DISABLE_IDENTITY)).isNotEqualTo(revoke);
    assertThat(revoke).isNotEqualTo(alert);
  }
}
