package dev.vigil.detector.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.Detectors;
import dev.vigil.events.Alert;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.tools.demo.DemoPack;
import dev.vigil.tools.replay.ReplayResult;
import dev.vigil.tools.replay.ReplayRunner;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The simulator's attacks through the production topology (in a TopologyTestDriver): every alert,
 * roll-ups included, has exactly one record on the OCSF findings topic, keyed by its identity,
 * whose {@code finding_info.uid} is the alert id and which is a valid OCSF 1.9.0 Detection Finding;
 * and running the same history again writes the same bytes.
 */
class OcsfFindingsTopicTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyAlertOfTheSimulatedAttacksHasOneValidOcsfTwinOnTheTopic() throws Exception {
    List<SpecificRecord> events =
        new SimulatedEstate(SimulationConfig.of(7, SimulationConfig.DEFAULT_START, 2, 40, 2))
            .events()
            .toList();
    // The demo pack: the default rules with baselines short enough for two simulated days.
    RulePack pack = RulePacks.parse(DemoPack.text(), "demo pack");
    ReplayResult replay = new ReplayRunner(pack, Detectors.all(), false, CLOCK).run(events);

    assertThat(replay.alerts()).hasSizeGreaterThan(3);
    assertThat(replay.alerts().stream().map(Alert::getDetection).collect(Collectors.toSet()))
        .as("detections the simulated attacks raise")
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(replay.alerts())
        .as("roll-ups are alerts too")
        .anyMatch(a -> a.getTags().contains("vigil.suppressed-repeats"));

    Map<String, List<ReplayResult.KeyedFinding>> byUid = new HashMap<>();
    for (ReplayResult.KeyedFinding finding : replay.ocsfFindings()) {
      String uid = JSON.readTree(finding.json()).at("/finding_info/uid").asText();
      byUid.computeIfAbsent(uid, k -> new java.util.ArrayList<>()).add(finding);
    }
    assertThat(replay.ocsfFindings()).hasSameSizeAs(replay.alerts());
    OcsfSchema schema = OcsfSchema.load();
    for (Alert alert : replay.alerts()) {
      List<ReplayResult.KeyedFinding> twins = byUid.getOrDefault(alert.getAlertId(), List.of());
      assertThat(twins).as("OCSF twins of %s", alert.getAlertId()).hasSize(1);
      ReplayResult.KeyedFinding twin = twins.get(0);
      assertThat(twin.key()).isEqualTo(alert.getIdentityId());
      JsonNode finding = JSON.readTree(twin.json());
      assertThat(schema.validate(finding, "detection_finding"))
          .as("OCSF %s problems of the twin of %s", OcsfSchema.VERSION, alert.getAlertId())
          .isEmpty();
      assertThat(twin.json()).isEqualTo(new OcsfDetectionFinding().toJsonLine(alert));
    }

    ReplayResult again = new ReplayRunner(pack, Detectors.all(), false, CLOCK).run(events);
    assertThat(again.ocsfFindings()).isEqualTo(replay.ocsfFindings());
  }
}
