package dev.vigil.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {

  private static final String CONTRACT_AUTH =
      "{\"event_type\":\"auth\",\"event_id\":\"a-1\",\"event_time\":\"2026-11-28T09:00:00Z\",\"identity_id\":\"spiffe://prod/ns/ci/sa/deployer\",\"identity_type\":\"WORKLOAD\",\"kind\":\"TOKEN_ISSUED\",\"outcome\":\"SUCCESS\",\"token_id\":\"tok-7f3a\",\"token_expires_at\":\"2026-11-28T09:15:00Z\",\"audience\":\"github\",\"scopes\":[\"repo:write\"],\"source\":{\"ip\":\"10.0.4.7\",\"workload_id\":\"spiffe://prod/ns/ci/sa/deployer\"},\"task_id\":\"deploy-1881\"}";
  private static final String CONTRACT_USE =
      "{\"event_type\":\"token_use\",\"event_id\":\"u-1\",\"event_time\":\"2026-11-28T09:01:10Z\",\"identity_id\":\"spiffe://prod/ns/ci/sa/deployer\",\"identity_type\":\"WORKLOAD\",\"token_id\":\"tok-7f3a\",\"tool\":\"github\",\"resource\":\"org/app\",\"action\":\"repo.push\",\"privilege\":\"repo:write\",\"outcome\":\"SUCCESS\",\"source\":{\"ip\":\"10.0.4.7\",\"workload_id\":\"spiffe://prod/ns/ci/sa/deployer\"},\"task_id\":\"deploy-1881\"}";

  @Test
  void contractAuthExampleParsesToTheExpectedRecord() {
    Source source =
        Source.newBuilder()
            .setIp("10.0.4.7")
            .setWorkloadId("spiffe://prod/ns/ci/sa/deployer")
            .build();
    AuthEvent expected =
        AuthEvent.newBuilder()
            .setEventId("a-1")
            .setEventTime(Instant.parse("2026-11-28T09:00:00Z"))
            .setIdentityId("spiffe://prod/ns/ci/sa/deployer")
            .setIdentityType(IdentityType.WORKLOAD)
            .setKind(AuthEventKind.TOKEN_ISSUED)
            .setOutcome(Outcome.SUCCESS)
            .setTokenId("tok-7f3a")
            .setTokenExpiresAt(Instant.parse("2026-11-28T09:15:00Z"))
            .setAudience("github")
            .setScopes(List.of("repo:write"))
            .setSource(source)
            .setTaskId("deploy-1881")
            .build();

    assertThat(EventJson.parseEvent(CONTRACT_AUTH)).isEqualTo(expected);
  }

  @Test
  void contractTokenUseExampleParsesToTheExpectedRecord() {
    Source source =
        Source.newBuilder()
            .setIp("10.0.4.7")
            .setWorkloadId("spiffe://prod/ns/ci/sa/deployer")
            .build();
    TokenUseEvent expected =
        TokenUseEvent.newBuilder()
            .setEventId("u-1")
            .setEventTime(Instant.parse("2026-11-28T09:01:10Z"))
            .setIdentityId("spiffe://prod/ns/ci/sa/deployer")
            .setIdentityType(IdentityType.WORKLOAD)
            .setTokenId("tok-7f3a")
            .setTool("github")
            .setResource("org/app")
            .setAction("repo.push")
            .setPrivilege("repo:write")
            .setOutcome(Outcome.SUCCESS)
            .setSource(source)
            .setTaskId("deploy-1881")
            .build();

    SpecificRecord parsed = EventJson.parseEvent(CONTRACT_USE);

    assertThat(parsed).isEqualTo(expected);
    TokenUseEvent use = (TokenUseEvent) parsed;
    assertThat(use.getPrivileged()).isFalse();
    assertThat(use.getAttributes()).isEmpty();
    assertThat(use.getOnBehalfOf()).isNull();
  }

  @Test
  void everyRecordTypeSurvivesARoundTrip() {
    AuthEvent auth =
        AuthEvent.newBuilder()
            .setEventId("a-9")
            .setEventTime(Instant.parse("2026-11-28T09:00:00.123Z"))
            .setIdentityId("agent:support-bot")
            .setIdentityType(IdentityType.AI_AGENT)
            .setKind(AuthEventKind.TASK_STARTED)
            .setOutcome(Outcome.SUCCESS)
            .setScopes(List.of("mcp:filesystem", "mcp:github"))
            .setSource(
                Source.newBuilder()
                    .setIp("2001:db8::7")
                    .setAsn(16509L)
                    .setCountry("IE")
                    .setUserAgent("mcp-client/1.2")
                    .build())
            .setTaskId("task-42")
            .setIssuer("https://sts.corp")
            .setAttributes(Map.of("on_behalf_of", "alice@corp"))
            .build();
    TokenUseEvent use =
        TokenUseEvent.newBuilder()
            .setEventId("u-9")
            .setEventTime(Instant.parse("2026-11-28T09:00:01Z"))
            .setIdentityId("agent:support-bot")
            .setIdentityType(IdentityType.AI_AGENT)
            .setTokenId("tok-1")
            .setTool("mcp:filesystem")
            .setResource("read_file")
            .setAction("tools/call")
            .setPrivilege("fs:read")
            .setPrivileged(true)
            .setOutcome(Outcome.DENIED)
            .setSource(
                Source.newBuilder()
                    .setBinding("jkt:abc")
                    .setWorkloadId("spiffe://prod/agent")
                    .build())
            .setSessionId("s-1")
            .setTaskId("task-42")
            .setOnBehalfOf("alice@corp")
            .setAttributes(Map.of("mcp.method", "tools/call"))
            .build();
    Alert alert =
        Alert.newBuilder()
            .setAlertId("al-1")
            .setRuleId("replay.network-spread")
            .setDetection(Detection.TOKEN_REPLAY)
            .setSeverity(Severity.HIGH)
            .setIdentityId("svc-billing@corp")
            .setIdentityType(IdentityType.SERVICE_ACCOUNT)
            .setTokenId("tok-2")
            .setWindowStart(Instant.parse("2026-11-28T09:00:00Z"))
            .setWindowEnd(Instant.parse("2026-11-28T09:04:00.5Z"))
            .setDetectedAt(Instant.parse("2026-11-28T09:04:01Z"))
            .setSummary("Token used from 2 ASNs in 4 minutes")
            .setEventIds(List.of("u-1", "u-2"))
            .setObserved(Map.of("sources", List.of("asn:16509", "asn:14061")))
            .setEventCount(2L)
            .setTags(List.of("attack.t1550.001"))
            .setAction(ResponseAction.REVOKE_TOKEN)
            .build();
    RevocationCommand command =
        RevocationCommand.newBuilder()
            .setCommandId("c-1")
            .setAlertId("al-1")
            .setIdentityId("svc-billing@corp")
            .setTokenId(null)
            .setAction(RevocationAction.REVOKE_SESSIONS)
            .setReason("token replay")
            .setIssuedAt(Instant.parse("2026-11-28T09:04:01Z"))
            .setDryRun(true)
            .build();

    assertThat(EventJson.parseEvent(EventJson.write(auth))).isEqualTo(auth);
    assertThat(EventJson.parseEvent(EventJson.write(use))).isEqualTo(use);
    assertThat(EventJson.parse(EventJson.write(alert), Alert.class)).isEqualTo(alert);
    assertThat(EventJson.parse(EventJson.write(command), RevocationCommand.class))
        .isEqualTo(command);
  }

  @Test
  void writesEventTypeOnEventsOnlyAndTimestampsAsIsoUtc() {
    AuthEvent auth = EventJson.parse(CONTRACT_AUTH, AuthEvent.class);
    String line = EventJson.write(auth);

    assertThat(line).startsWith("{\"event_type\":\"auth\",\"event_id\":\"a-1\"");
    assertThat(line).contains("\"event_time\":\"2026-11-28T09:00:00Z\"");
    assertThat(line).doesNotContain("\"issuer\"");
    RevocationCommand command =
        RevocationCommand.newBuilder()
            .setCommandId("c")
            .setAlertId("a")
            .setIdentityId("i")
            .setAction(RevocationAction.DISABLE_IDENTITY)
            .setReason("r")
            .setIssuedAt(Instant.ofEpochMilli(1_800_000_000_123L))
            .build();
    assertThat(EventJson.write(command))
        .doesNotContain("event_type")
        .contains("\"issued_at\":\"2027-01-15T08:00:00.123Z\"");
  }

  @Test
  void writesMapKeysInSortedOrderSoOutputIsCanonical() {
    Map<String, String> reversed = new java.util.LinkedHashMap<>();
    reversed.put("zone", "b");
    reversed.put("approved_by", "change-1");
    TokenUseEvent use = (TokenUseEvent) EventJson.parseEvent(CONTRACT_USE);
    use.setAttributes(reversed);

    assertThat(EventJson.write(use))
        .endsWith("\"attributes\":{\"approved_by\":\"change-1\",\"zone\":\"b\"}}");
  }

  @Test
  void writesTheSameLineToAStreamAsToAString() throws java.io.IOException {
    SpecificRecord use =
        EventJson.parseEvent(CONTRACT_USE.replace("org/app", "org/app-\u00e9t\u00e9"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    EventJson.writeLine(use, out);
    EventJson.writeLine(use, out);

    String line = EventJson.write(use);
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(line + "\n" + line + "\n");
  }

  @Test
  void acceptsEpochMillisAndFractionalIsoTimestamps() {
    String millis = CONTRACT_USE.replace("\"2026-11-28T09:01:10Z\"", "1795856470250");
    String fractional = CONTRACT_USE.replace("2026-11-28T09:01:10Z", "2026-11-28T09:01:10.25Z");
    String micros = CONTRACT_USE.replace("2026-11-28T09:01:10Z", "2026-11-28T09:01:10.250999Z");

    assertThat(((TokenUseEvent) EventJson.parseEvent(millis)).getEventTime())
        .isEqualTo(Instant.ofEpochMilli(1795856470250L));
    assertThat(((TokenUseEvent) EventJson.parseEvent(fractional)).getEventTime())
        .isEqualTo(Instant.parse("2026-11-28T09:01:10.250Z"));
    assertThat(((TokenUseEvent) EventJson.parseEvent(micros)).getEventTime())
        .isEqualTo(Instant.parse("2026-11-28T09:01:10.250Z"));
    String offset = CONTRACT_USE.replace("2026-11-28T09:01:10Z", "2026-11-28T10:01:10+01:00");
    assertThat(((TokenUseEvent) EventJson.parseEvent(offset)).getEventTime())
        .isEqualTo(Instant.parse("2026-11-28T09:01:10Z"));
  }

  @Test
  void ignoresUnknownFieldsAndReadsNullOptionalsAsDefaults() {
    String line =
        CONTRACT_USE
            .replace("\"tool\":", "\"future_field\":{\"nested\":[1,2]},\"tool\":")
            .replace(
                "\"resource\":\"org/app\"",
                "\"resource\":null,\"privileged\":null,\"scopes\":null,\"attributes\":null")
            .replace(
                "\"source\":{\"ip\":\"10.0.4.7\",\"workload_id\":\"spiffe://prod/ns/ci/sa/deployer\"}",
                "\"source\":null");

    TokenUseEvent use = (TokenUseEvent) EventJson.parseEvent(line);

    assertThat(use.getResource()).isNull();
    assertThat(use.getPrivileged()).isFalse();
    assertThat(use.getAttributes()).isEmpty();
    assertThat(use.getSource()).isEqualTo(Source.newBuilder().build());
  }

  @Test
  void unknownIdentityTypeReadsAsUnknownBecauseTheEnumHasADefault() {
    String line = CONTRACT_USE.replace("\"WORKLOAD\"", "\"QUANTUM_BOT\"");

    assertThat(((TokenUseEvent) EventJson.parseEvent(line)).getIdentityType())
        .isEqualTo(IdentityType.UNKNOWN);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing event_id          | \"event_id\":\"u-1\",                         |                                  | event_id          | missing",
        "event_time not a time     | \"2026-11-28T09:01:10Z\"                       | \"yesterday\"                      | event_time        | ISO-8601",
        "event_time a boolean      | \"2026-11-28T09:01:10Z\"                       | true                               | event_time        | epoch milliseconds",
        "tool is a number          | \"tool\":\"github\"                            | \"tool\":7                         | tool              | expected a string",
        "outcome not a symbol      | \"outcome\":\"SUCCESS\"                        | \"outcome\":\"MAYBE\"              | outcome           | [SUCCESS, FAILURE, DENIED]",
        "asn is text               | \"ip\":\"10.0.4.7\"                            | \"ip\":\"10.0.4.7\",\"asn\":\"AS1\" | source.asn        | expected an integer",
        "source is a string        | \"source\":{\"ip\"                             | \"source\":\"x\",\"s2\":{\"ip\"    | source            | expected an object",
        "privileged is a string    | \"outcome\":\"SUCCESS\"                        | \"outcome\":\"SUCCESS\",\"privileged\":\"yes\" | privileged | true or false",
        "attribute value a number  | \"outcome\":\"SUCCESS\"                        | \"outcome\":\"SUCCESS\",\"attributes\":{\"region\":3} | attributes.region | expected a string",
        "action is null            | \"action\":\"repo.push\"                       | \"action\":null                    | action            | missing",
      })
  void rejectsBadFieldsNamingThem(
      String name, String from, String to, String field, String expectation) {
    String line = CONTRACT_USE.replace(from, to == null ? "" : to);
    assertThat(line).isNotEqualTo(CONTRACT_USE);

    assertThatThrownBy(() -> EventJson.parseEvent(line))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("'" + field + "'")
        .hasMessageContaining(expectation)
        .satisfies(e -> assertThat(((EventJsonException) e).field()).isEqualTo(field));
  }

  @Test
  void rejectsABadArrayItemNamingItsIndex() {
    String line = CONTRACT_AUTH.replace("[\"repo:write\"]", "[\"repo:write\",\"a\",4]");

    assertThatThrownBy(() -> EventJson.parseEvent(line))
        .isInstanceOf(EventJsonException.class)
        .satisfies(e -> assertThat(((EventJsonException) e).field()).isEqualTo("scopes[2]"));
  }

  @Test
  void rejectsMissingOrUnknownEventType() {
    assertThatThrownBy(
            () -> EventJson.parseEvent(CONTRACT_USE.replace("\"event_type\":\"token_use\",", "")))
        .isInstanceOf(EventJsonException.class)
        .satisfies(e -> assertThat(((EventJsonException) e).field()).isEqualTo("event_type"));
    assertThatThrownBy(
            () -> EventJson.parseEvent(CONTRACT_USE.replace("\"token_use\"", "\"login\"")))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("\"auth\" or \"token_use\"");
    assertThatThrownBy(() -> EventJson.parse(CONTRACT_USE, AuthEvent.class))
        .isInstanceOf(EventJsonException.class)
        .satisfies(e -> assertThat(((EventJsonException) e).field()).isEqualTo("event_type"));
  }

  @Test
  void rejectsLinesThatAreNotOneJsonObject() {
    assertThatThrownBy(() -> EventJson.parseEvent("{\"event_type\":"))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> EventJson.parseEvent("[1,2]"))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("one JSON object");
    assertThatThrownBy(() -> EventJson.parseEvent(CONTRACT_USE + " {}"))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> EventJson.parseEvent("  "))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("empty line");
  }
}
