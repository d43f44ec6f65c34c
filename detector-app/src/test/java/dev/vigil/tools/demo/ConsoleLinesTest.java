package dev.vigil.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleLinesTest {

  private static final Instant AT = Instant.parse("2026-11-28T18:02:41.517Z");

  @Test
  void anAlertLineHasTimeSeverityDetectionRuleIdentityTokenAndSummary() {
    Alert alert =
        Alert.newBuilder()
            .setAlertId("a-1")
            .setRuleId("replay-network-spread")
            .setDetection(Detection.TOKEN_REPLAY)
            .setSeverity(Severity.HIGH)
            .setIdentityId("svc-billing@corp.iam")
            .setIdentityType(IdentityType.SERVICE_ACCOUNT)
            .setTokenId("tok-7b13")
            .setWindowStart(AT)
            .setWindowEnd(AT)
            .setDetectedAt(AT)
            .setSummary("used from 2 networks")
            .setEventIds(List.of("e1"))
            .setObserved(Map.of())
            .setEventCount(2)
            .setTags(List.of())
            .setAction(ResponseAction.NONE)
            .build();

    assertThat(ConsoleLines.alert(alert))
        .matches(
            "18:02:41 ALERT  HIGH +TOKEN_REPLAY +replay-network-spread +identity=svc-billing@corp\\.iam token=tok-7b13"
                + " \\| used from 2 networks");
  }

  @Test
  void anAlertWithoutTokenShowsADash() {
    Alert alert =
        Alert.newBuilder()
            .setAlertId("a-2")
            .setRuleId("privilege-burst")
            .setDetection(Detection.SUDDEN_PRIVILEGE_USE)
            .setSeverity(Severity.MEDIUM)
            .setIdentityId("ci:deploy")
            .setIdentityType(IdentityType.CI_PIPELINE)
            .setTokenId(null)
            .setWindowStart(AT)
            .setWindowEnd(AT)
            .setDetectedAt(AT)
            .setSummary("burst")
            .setEventCount(25)
            .setAction(ResponseAction.NONE)
            .build();

    assertThat(ConsoleLines.alert(alert)).endsWith("identity=ci:deploy token=- | burst");

    alert.setRetrospective(true);
    assertThat(ConsoleLines.alert(alert))
        .endsWith("| burst [retrospective: before go-live, no command]");
  }

  @Test
  void aCommandLineNamesActionTargetAndDryRun() {
    RevocationCommand token = command(RevocationAction.REVOKE_TOKEN, true);
    RevocationCommand sessions = command(RevocationAction.REVOKE_SESSIONS, false);

    assertThat(ConsoleLines.command(token))
        .isEqualTo(
            "18:02:41 REVOKE REVOKE_TOKEN     target=token tok-7b13 of svc-billing@corp.iam dry-run=true | replayed");
    assertThat(ConsoleLines.command(sessions))
        .isEqualTo(
            "18:02:41 REVOKE REVOKE_SESSIONS  target=identity svc-billing@corp.iam dry-run=false | replayed");
  }

  private static RevocationCommand command(RevocationAction action, boolean dryRun) {
    return RevocationCommand.newBuilder()
        .setCommandId("c-1")
        .setAlertId("a-1")
        .setIdentityId("svc-billing@corp.iam")
        .setTokenId("tok-7b13")
        .setAction(action)
        .setReason("replayed")
        .setIssuedAt(AT)
        .setDryRun(dryRun)
        .build();
  }
}
