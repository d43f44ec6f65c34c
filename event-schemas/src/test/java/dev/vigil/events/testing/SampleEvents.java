package dev.vigil.events.testing;

import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record of every contract type with every field set (optional ones too), for round-trip tests.
 */
public final class SampleEvents {

  private SampleEvents() {}

  public static Source source() {
    return Source.newBuilder()
        .setIp("203.0.113.7")
        .setAsn(64500L)
        .setCountry("NL")
        .setUserAgent("vigil-test/1.0")
        .setWorkloadId("spiffe://prod/ns/ci/sa/deployer")
        .setBinding("jkt:0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")
        .build();
  }

  public static AuthEvent authEvent() {
    return AuthEvent.newBuilder()
        .setEventId("evt-auth-1")
        .setEventTime(Instant.parse("2026-03-01T10:15:30.123Z"))
        .setIdentityId("spiffe://prod/ns/ci/sa/deployer")
        .setIdentityType(IdentityType.WORKLOAD)
        .setKind(AuthEventKind.TOKEN_ISSUED)
        .setOutcome(Outcome.SUCCESS)
        .setTokenId("tok-fp-9f86d081")
        .setTokenExpiresAt(Instant.parse("2026-03-01T11:15:30Z"))
        .setAudience("github")
        .setScopes(List.of("repo:write", "packages:read"))
        .setSource(source())
        .setTaskId("task-42")
        .setIssuer("https://sts.example.com")
        .setAttributes(Map.of("pipeline", "deploy-prod", "run", "1871"))
        .build();
  }

  public static TokenUseEvent tokenUseEvent() {
    return TokenUseEvent.newBuilder()
        .setEventId("evt-use-1")
        .setEventTime(Instant.parse("2026-03-01T10:16:00Z"))
        .setIdentityId("agent:support-bot")
        .setIdentityType(IdentityType.AI_AGENT)
        .setTokenId("tok-fp-9f86d081")
        .setTool("mcp:filesystem")
        .setResource("/etc/secrets")
        .setAction("tools/call")
        .setPrivilege("secrets:read")
        .setPrivileged(true)
        .setOutcome(Outcome.DENIED)
        .setSource(source())
        .setSessionId("sess-7")
        .setTaskId("task-42")
        .setOnBehalfOf("alice@corp")
        .setAttributes(Map.of("mcp.server", "fs-1"))
        .build();
  }

  public static Alert alert() {
    return Alert.newBuilder()
        .setAlertId("alert-3c1d")
        .setRuleId("token_network_spread")
        .setDetection(Detection.TOKEN_REPLAY)
        .setSeverity(Severity.HIGH)
        .setIdentityId("svc-billing@corp")
        .setIdentityType(IdentityType.SERVICE_ACCOUNT)
        .setTokenId("tok-fp-9f86d081")
        .setWindowStart(Instant.parse("2026-03-01T10:00:00Z"))
        .setWindowEnd(Instant.parse("2026-03-01T10:09:59.999Z"))
        .setDetectedAt(Instant.parse("2026-03-01T10:10:01Z"))
        .setSummary("Token used from 2 ASNs in 3 countries within 10 minutes")
        .setEventIds(List.of("evt-use-1", "evt-use-2"))
        .setObserved(
            Map.of("asns", List.of("64500", "64501"), "countries", List.of("NL", "US", "BR")))
        .setEventCount(2L)
        .setTags(List.of("attack.t1550.001", "owasp.nhi7"))
        .setAction(ResponseAction.REVOKE_TOKEN)
        .build();
  }

  public static RevocationCommand revocationCommand() {
    return RevocationCommand.newBuilder()
        .setCommandId("cmd-3c1d")
        .setAlertId("alert-3c1d")
        .setIdentityId("svc-billing@corp")
        .setTokenId("tok-fp-9f86d081")
        .setAction(RevocationAction.REVOKE_TOKEN)
        .setReason("token replayed from a second network")
        .setIssuedAt(Instant.parse("2026-03-01T10:10:01Z"))
        .setDryRun(true)
        .build();
  }

  /** Every contract record type, one sample each. */
  public static List<SpecificRecord> all() {
    return List.of(authEvent(), tokenUseEvent(), alert(), revocationCommand());
  }
}
