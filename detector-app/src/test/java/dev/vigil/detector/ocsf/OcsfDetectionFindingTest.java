package dev.vigil.detector.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every Vigil alert is a valid OCSF 1.9.0 Detection Finding ({@code class_uid} 2004), checked
 * against the schema files vendored in {@code src/test/resources/ocsf/1.9.0}: the attributes the
 * class marks required through {@code base_event → finding → detection_finding}, each attribute's
 * dictionary type, and the enum values the class allows.
 */
class OcsfDetectionFindingTest {

  private static final OcsfSchema SCHEMA = OcsfSchema.load();
  private static final OcsfDetectionFinding OCSF = new OcsfDetectionFinding("0.1.0-test");
  private static final Instant START = Instant.parse("2026-11-28T09:04:00Z");
  private static final Instant END = Instant.parse("2026-11-28T09:20:00Z");
  private static final Instant DETECTED = Instant.parse("2026-11-28T09:20:01.250Z");

  static Alert.Builder alert() {
    Map<String, List<String>> observed = new LinkedHashMap<>();
    observed.put("tools", List.of("github"));
    observed.put("sources", List.of("10.0.4.7", "185.2.2.2 (asn:9009, RO)", "unknown-ip"));
    observed.put("tasks", List.of("deploy-1881"));
    return Alert.newBuilder()
        .setAlertId("e44af1d7-65c7-5b4a-9ed8-eca345d6a0a9")
        .setRuleId("intent-task-token-after-completion")
        .setDetection(Detection.ACCESS_OUTLIVES_INTENT)
        .setSeverity(Severity.HIGH)
        .setIdentityId("spiffe://prod/ns/ci/sa/deployer")
        .setIdentityType(IdentityType.WORKLOAD)
        .setTokenId("tok-7f3a")
        .setWindowStart(START)
        .setWindowEnd(END)
        .setDetectedAt(DETECTED)
        .setSummary("Token tok-7f3a was used at github PT16M after the task completed.")
        .setEventIds(List.of("a-1", "a-2", "u-2"))
        .setObserved(observed)
        .setEventCount(3L)
        .setTags(
            List.of(
                "attack.t1550.001",
                "attack.t1078.004",
                "attack.ta0005",
                "owasp.asi03",
                "owasp.nhi7"))
        .setAction(ResponseAction.REVOKE_TOKEN);
  }

  /** One alert of every detection, severity, identity type and response, and a roll-up. */
  static List<Alert> variety() {
    List<Alert> alerts = new ArrayList<>();
    Detection[] detections = Detection.values();
    Severity[] severities = Severity.values();
    IdentityType[] identityTypes = IdentityType.values();
    ResponseAction[] actions = ResponseAction.values();
    int n = Math.max(detections.length, Math.max(severities.length, identityTypes.length));
    for (int i = 0; i < n; i++) {
      alerts.add(
          alert()
              .setAlertId("alert-" + i)
              .setDetection(detections[i % detections.length])
              .setSeverity(severities[i % severities.length])
              .setIdentityType(identityTypes[i % identityTypes.length])
              .setAction(actions[i % actions.length])
              .build());
    }
    alerts.add(
        alert()
            .setAlertId("rollup")
            .setTokenId(null)
            .setAction(ResponseAction.NONE)
            .setObserved(Map.of("merged_into", List.of("e44af1d7-65c7-5b4a-9ed8-eca345d6a0a9")))
            .setEventIds(List.of())
            .setTags(List.of("vigil.suppressed-repeats"))
            .build());
    alerts.add(
        alert()
            .setAlertId("ipv6")
            .setObserved(Map.of("sources", List.of("2001:db8::7 AS64500 DE workload=x")))
            .build());
    return alerts;
  }

  @Test
  void theClassRequiresWhatOcsf190SaysThroughItsExtendsChain() {
    OcsfSchema.Definition finding = SCHEMA.definition("detection_finding");

    assertThat(finding.chain()).containsExactly("base_event", "finding", "detection_finding");
    assertThat(finding.raw().path("uid").asInt()).isEqualTo(4);
    // class_uid = category_uid (Findings: 2) * 1000 + the class's own uid.
    assertThat(OcsfDetectionFinding.CLASS_UID)
        .isEqualTo(OcsfDetectionFinding.CATEGORY_UID * 1000 + finding.raw().path("uid").asInt());
    assertThat(finding.required())
        .containsExactlyInAnyOrder(
            "activity_id",
            "category_uid",
            "class_uid",
            "finding_info",
            "metadata",
            "severity_id",
            "time",
            "type_uid");
    assertThat(SCHEMA.definition("finding_info").required()).containsExactly("uid");
    assertThat(SCHEMA.definition("metadata").required()).containsExactly("product", "version");
    assertThat(SCHEMA.definition("analytic").required()).containsExactly("type_id");
  }

  @Test
  void everyRequiredAttributeIsPresentInEveryFinding() {
    Set<String> required = SCHEMA.definition("detection_finding").required();
    for (Alert alert : variety()) {
      ObjectNode finding = OCSF.toFinding(alert);
      assertThat(required).allSatisfy(name -> assertThat(finding.hasNonNull(name)).isTrue());
    }
  }

  @Test
  void everyFindingIsValidOcsf190WithTheDictionaryTypesAndTheClassEnums() {
    for (Alert alert : variety()) {
      ObjectNode finding = OCSF.toFinding(alert);
      assertThat(SCHEMA.validate(finding, "detection_finding"))
          .as("OCSF %s problems of the finding of %s", OcsfSchema.VERSION, alert.getAlertId())
          .isEmpty();
    }
  }

  @Test
  void attributesHaveTheTypesTheDictionaryGives() {
    ObjectNode finding = OCSF.toFinding(alert().build());

    assertThat(SCHEMA.dictionaryType("activity_id")).isEqualTo("integer_t");
    assertThat(finding.get("activity_id").isInt()).isTrue();
    assertThat(SCHEMA.dictionaryType("type_uid")).isEqualTo("long_t");
    assertThat(finding.get("type_uid").isIntegralNumber()).isTrue();
    assertThat(SCHEMA.dictionaryType("time")).isEqualTo("timestamp_t");
    assertThat(finding.get("time").asLong()).isEqualTo(DETECTED.toEpochMilli());
    assertThat(SCHEMA.dictionaryType("message")).isEqualTo("string_t");
    assertThat(finding.get("message").isTextual()).isTrue();
    assertThat(SCHEMA.dictionaryType("finding_info")).isEqualTo("finding_info");
    assertThat(finding.get("finding_info").isObject()).isTrue();
    assertThat(SCHEMA.dictionaryType("evidences")).isEqualTo("evidences");
    assertThat(finding.get("evidences").isArray()).isTrue();
    assertThat(SCHEMA.dictionaryType("unmapped")).isEqualTo("object");
    assertThat(finding.get("unmapped").isObject()).isTrue();
    assertThat(finding.at("/finding_info/types").isArray()).isTrue();
    assertThat(finding.at("/finding_info/attacks").isArray()).isTrue();
  }

  @Test
  void enumValuesAreAmongThoseTheClassAllows() {
    OcsfSchema.Definition finding = SCHEMA.definition("detection_finding");

    assertThat(SCHEMA.enumValues(finding, "activity_id")).containsExactly("0", "1", "2", "3", "99");
    assertThat(SCHEMA.enumValues(finding, "category_uid")).containsExactly("2");
    assertThat(SCHEMA.enumValues(finding, "class_uid")).containsExactly("2004");
    assertThat(SCHEMA.enumValues(finding, "status_id"))
        .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "99");
    assertThat(SCHEMA.enumValues(finding, "severity_id"))
        .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "99");
    for (Alert alert : variety()) {
      ObjectNode node = OCSF.toFinding(alert);
      assertThat(SCHEMA.enumValues(finding, "activity_id"))
          .contains(node.get("activity_id").asText());
      assertThat(SCHEMA.enumValues(finding, "status_id")).contains(node.get("status_id").asText());
      assertThat(SCHEMA.enumValues(finding, "severity_id"))
          .contains(node.get("severity_id").asText());
    }
  }

  @Test
  void mapsTheAlertAttributeByAttribute() {
    ObjectNode f = OCSF.toFinding(alert().build());

    assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(f.get("category_uid").asInt()).isEqualTo(2);
    assertThat(f.get("activity_id").asInt()).isEqualTo(1);
    assertThat(f.get("type_uid").asLong()).isEqualTo(200401L);
    assertThat(f.get("type_name").asText()).isEqualTo("Detection Finding: Create");
    assertThat(f.get("severity_id").asInt()).isEqualTo(4);
    assertThat(f.get("severity").asText()).isEqualTo("High");
    assertThat(f.get("status_id").asInt()).isEqualTo(1);
    assertThat(f.get("status").asText()).isEqualTo("New");
    assertThat(f.get("start_time").asLong()).isEqualTo(START.toEpochMilli());
    assertThat(f.get("end_time").asLong()).isEqualTo(END.toEpochMilli());
    assertThat(f.at("/metadata/version").asText()).isEqualTo(OcsfSchema.VERSION);
    assertThat(f.at("/metadata/product/name").asText()).isEqualTo("Vigil");
    assertThat(f.at("/metadata/product/vendor_name").asText()).isEqualTo("Vigil");
    assertThat(f.at("/metadata/product/version").asText()).isEqualTo("0.1.0-test");
    assertThat(f.at("/metadata/profiles").toString()).isEqualTo("[\"host\"]");

    JsonNode info = f.get("finding_info");
    assertThat(info.get("uid").asText()).isEqualTo("e44af1d7-65c7-5b4a-9ed8-eca345d6a0a9");
    assertThat(info.get("title").asText())
        .isEqualTo("Access outlives intent by spiffe://prod/ns/ci/sa/deployer");
    assertThat(info.get("desc").asText()).startsWith("Token tok-7f3a was used");
    assertThat(info.at("/analytic/uid").asText()).isEqualTo("intent-task-token-after-completion");
    assertThat(info.at("/analytic/name").asText()).isEqualTo("intent-task-token-after-completion");
    assertThat(info.at("/analytic/type_id").asInt()).isEqualTo(1);
    assertThat(info.at("/analytic/type").asText()).isEqualTo("Rule");
    assertThat(info.get("first_seen_time").asLong()).isEqualTo(START.toEpochMilli());
    assertThat(info.get("last_seen_time").asLong()).isEqualTo(END.toEpochMilli());
    assertThat(info.get("types").get(0).asText()).isEqualTo("ACCESS_OUTLIVES_INTENT");
    assertThat(info.get("related_events_count").asLong()).isEqualTo(3);
    assertThat(info.get("attacks").toString())
        .isEqualTo(
            "[{\"technique\":{\"uid\":\"T1550\",\"name\":\"Use Alternate Authentication Material\"},"
                + "\"sub_technique\":{\"uid\":\"T1550.001\",\"name\":\"Application Access Token\"}},"
                + "{\"technique\":{\"uid\":\"T1078\",\"name\":\"Valid Accounts\"},"
                + "\"sub_technique\":{\"uid\":\"T1078.004\",\"name\":\"Cloud Accounts\"}},"
                + "{\"tactic\":{\"uid\":\"TA0005\",\"name\":\"Defense Evasion\"}}]");

    assertThat(f.at("/actor/user/uid").asText()).isEqualTo("spiffe://prod/ns/ci/sa/deployer");
    assertThat(f.at("/actor/user/type_id").asInt()).isEqualTo(4);
    assertThat(f.at("/actor/user/type").asText()).isEqualTo("Service");
    assertThat(f.get("evidences"))
        .extracting(e -> e.at("/src_endpoint/ip").asText())
        .containsExactly("10.0.4.7", "185.2.2.2");

    JsonNode unmapped = f.get("unmapped");
    assertThat(unmapped.get("token_id").asText()).isEqualTo("tok-7f3a");
    assertThat(unmapped.get("identity_type").asText()).isEqualTo("WORKLOAD");
    assertThat(unmapped.get("response_action").asText()).isEqualTo("REVOKE_TOKEN");
    assertThat(unmapped.get("event_ids").toString()).isEqualTo("[\"a-1\",\"a-2\",\"u-2\"]");
    assertThat(unmapped.get("tags").toString()).contains("owasp.nhi7");
    assertThat(unmapped.at("/observed/sources").toString()).contains("unknown-ip");
  }

  @Test
  void identityTypesBecomeOcsfUserTypes() {
    assertThat(OcsfDetectionFinding.userTypeId(IdentityType.HUMAN)).isEqualTo(1);
    for (IdentityType nonHuman :
        List.of(
            IdentityType.SERVICE_ACCOUNT,
            IdentityType.WORKLOAD,
            IdentityType.AI_AGENT,
            IdentityType.CI_PIPELINE,
            IdentityType.API_CLIENT)) {
      assertThat(OcsfDetectionFinding.userTypeId(nonHuman)).isEqualTo(4);
    }
    assertThat(OcsfDetectionFinding.userTypeId(IdentityType.UNKNOWN)).isZero();
    assertThat(SCHEMA.enumValues(SCHEMA.definition("user"), "type_id")).contains("0", "1", "4");
  }

  @Test
  void anAlertWithoutSourcesStillHasEvidenceNamingTheIdentity() {
    ObjectNode f = OCSF.toFinding(alert().setObserved(Map.of("tools", List.of("vault"))).build());

    assertThat(f.get("evidences")).hasSize(1);
    assertThat(f.at("/evidences/0/actor/user/uid").asText())
        .isEqualTo("spiffe://prod/ns/ci/sa/deployer");
    assertThat(SCHEMA.validate(f, "detection_finding")).isEmpty();
  }

  @Test
  void jsonBytesAreOneCompactLineAndTheSameForTheSameAlert() throws Exception {
    Alert alert = alert().build();
    byte[] bytes = OCSF.toJsonBytes(alert);

    assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("\n");
    assertThat(bytes).isEqualTo(OCSF.toJsonBytes(alert));
    assertThat(new ObjectMapper().readTree(bytes).toString())
        .isEqualTo(OCSF.toFinding(alert).toString());
  }

  @Test
  void theTopLevelActorNeedsTheHostProfile() {
    ObjectNode finding = OCSF.toFinding(alert().build());
    ((ObjectNode) finding.get("metadata")).remove("profiles");

    assertThat(SCHEMA.validate(finding, "detection_finding"))
        .containsExactly("actor: not an attribute of detection_finding");
  }

  @Test
  void theValidatorRejectsWhatOcsfDoesNotAllow() {
    ObjectNode broken = OCSF.toFinding(alert().build());
    broken.remove("finding_info");
    broken.put("time", "yesterday");
    broken.put("status_id", 42);
    broken.put("made_up", 1);
    broken.put("class_uid", 2001);
    ((ObjectNode) broken.at("/evidences/0/src_endpoint")).put("ip", "not-an-ip");
    ((ObjectNode) broken.get("metadata")).remove("version");

    assertThat(SCHEMA.validate(broken, "detection_finding"))
        .anyMatch(p -> p.startsWith("finding_info: required"))
        .anyMatch(p -> p.startsWith("time: \"yesterday\""))
        .anyMatch(p -> p.startsWith("status_id: 42 is not one of the allowed values"))
        .anyMatch(p -> p.startsWith("made_up: not an attribute"))
        .anyMatch(p -> p.startsWith("class_uid: 2001 is not one of the allowed values [2004]"))
        .anyMatch(p -> p.startsWith("evidences[0].src_endpoint.ip: 'not-an-ip' does not match"))
        .anyMatch(p -> p.startsWith("metadata.version: required"));
  }
}
