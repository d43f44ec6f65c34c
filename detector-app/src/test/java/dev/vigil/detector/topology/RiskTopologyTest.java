package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.events.AuthEventKind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Alerts in, risk out: a record on the compacted risk topic at each change of an identity's level,
 * escalated when two detections agree, lowered as the alerts behind it decay in stream time, and a
 * tombstone (with the state gone) when nothing counts any more.
 */
class RiskTopologyTest {

  private static final String ID = "spiffe://prod/ns/ci/sa/deployer";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HOUR = 3600;

  @Test
  void levelsRiseWithAlertsEscalateOnTwoDetectionsAndDecayToNone() throws IOException {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      // LATERAL_MOVEMENT, medium: a token minted for github presented at vault.
      h.send(issued("i-a", at(0), ID, "tok-a").setAudience("github"));
      h.send(use("u-a", at(60), ID, "tok-a", "vault"));
      List<TestRecord<String, byte[]>> first = h.risk();
      assertThat(first).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(ID));
      JsonNode medium = JSON.readTree(first.get(0).value());
      assertThat(medium.get("level").asText()).isEqualTo("medium");
      assertThat(medium.get("alerts")).hasSize(1);
      assertThat(medium.at("/alerts/0/counts_until").asText())
          .isEqualTo(at(60).plus(Duration.ofHours(8)).toString());

      // ACCESS_OUTLIVES_INTENT, high: a second detection escalates to critical.
      h.send(issued("i-t", at(100), ID, "tok-t").setTaskId("task-1"));
      h.send(auth("c-t", at(200), ID, AuthEventKind.TASK_COMPLETED).setTaskId("task-1"));
      h.send(use("u-t", at(400), ID, "tok-t", "github"));
      JsonNode critical = JSON.readTree(single(h.risk()).value());
      assertThat(critical.get("level").asText()).isEqualTo("critical");
      assertThat(critical.get("escalated").asBoolean()).isTrue();
      assertThat(critical.at("/alerts/0/severity").asText()).isEqualTo("high");
      assertThat(critical.get("decays_at").asText())
          .isEqualTo(at(60).plus(Duration.ofHours(8)).toString());
      assertThat(critical.get("clears_at").asText())
          .isEqualTo(at(400).plus(Duration.ofHours(24)).toString());

      // Stream time passes the medium alert's decay: high, no longer escalated.
      h.send(auth("l-1", at(8 * HOUR + 120), "svc-other@corp", AuthEventKind.LOGIN));
      JsonNode high = JSON.readTree(single(h.risk()).value());
      assertThat(high.get("level").asText()).isEqualTo("high");
      assertThat(high.get("escalated").asBoolean()).isFalse();
      assertThat(high.get("alerts")).hasSize(1);

      // And the high one's: a tombstone, and nothing left in the store.
      h.send(auth("l-2", at(24 * HOUR + 500), "svc-other@corp", AuthEventKind.LOGIN));
      TestRecord<String, byte[]> cleared = single(h.risk());
      assertThat(cleared.key()).isEqualTo(ID);
      assertThat(cleared.value()).isNull();
      assertThat(h.riskStore().get(ID)).isNull();
    }
  }

  @Test
  void aNewAlertAtTheSameLevelWritesNoRecord() {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      h.send(issued("i-a", at(0), ID, "tok-a").setAudience("github"));
      h.send(use("u-a", at(60), ID, "tok-a", "vault"));
      // Past the rule's 30-minute suppression, so a second alert of its own.
      h.send(issued("i-b", at(2500), ID, "tok-b").setAudience("github"));
      h.send(use("u-b", at(2600), ID, "tok-b", "jira"));

      assertThat(h.alerts()).hasSize(2);
      assertThat(h.risk()).hasSize(1);
      assertThat(h.riskStore().get(ID)).isNotNull();
    }
  }

  private static TestRecord<String, byte[]> single(List<TestRecord<String, byte[]>> records) {
    assertThat(records).hasSize(1);
    return records.get(0);
  }
}
