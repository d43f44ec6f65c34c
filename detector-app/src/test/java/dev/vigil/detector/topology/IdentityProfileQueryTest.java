package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.from;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.detector.profile.IdentityProfile;
import dev.vigil.detector.profile.IdentityProfile.AlertView;
import dev.vigil.detector.profile.IdentityProfile.TokenView;
import dev.vigil.detector.profile.ProfileBuilder;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Source;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The profile query over the states the real topology left, rendered with its open alerts. */
class IdentityProfileQueryTest {

  private static final String ID = "spiffe://prod/ns/pay/sa/api";

  @Test
  void theProfileDescribesTokensTasksNetworksAndTheOpenAlertInWords() {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      h.send(
          issued("i-1", at(0), ID, "tok-1")
              .setSource(attested("spiffe://a", "jkt-1"))
              .setAudience("github")
              .setTokenExpiresAt(at(900)));
      h.send(
          use("u-1", at(10), ID, "tok-1", "github")
              .setSource(
                  Source.newBuilder(from("34.1.2.9", 15169L, "US"))
                      .setWorkloadId("spiffe://a")
                      .setBinding("jkt-1")
                      .build()));
      h.send(issued("i-2", at(20), ID, "tok-2").setTaskId("task-open").setTokenExpiresAt(at(60)));
      h.send(issued("i-3", at(30), ID, "tok-3").setTaskId("task-done"));
      h.send(auth("c-1", at(40), ID, AuthEventKind.TASK_COMPLETED).setTaskId("task-done"));
      // The replay (another workload, another network) opens two suppression windows: the
      // profile's recent alerts.
      h.send(
          use("u-2", at(50), ID, "tok-1", "github").setSource(attested("spiffe://evil", "jkt-1")));
      List<Alert> alerts = h.alerts();
      assertThat(alerts).hasSize(2);

      IdentityProfile profile = profile(h, ID, at(600));

      assertThat(profile.identity()).isEqualTo(ID);
      assertThat(profile.identityType()).isEqualTo("WORKLOAD");
      assertThat(profile.firstSeen()).isEqualTo(at(0));
      assertThat(profile.lastSeen()).isEqualTo(at(50));
      assertThat(profile.seen())
          .isEqualTo(
              "First seen 2026-11-28T09:00:00Z (10m ago), last seen 2026-11-28T09:00:50Z (9m10s"
                  + " ago).");
      assertThat(profile.tokens())
          .extracting(TokenView::tokenId)
          .containsExactly("tok-1", "tok-3", "tok-2");
      assertThat(profile.tokensShown())
          .isEqualTo("Every token not known to be spent (2), and the 1 expired or revoked.");
      TokenView live = profile.tokens().get(0);
      assertThat(live.status()).isEqualTo("live");
      assertThat(live.expiry()).isEqualTo("expires 2026-11-28T09:15:00Z (in 5m)");
      assertThat(live.binding()).isEqualTo("bound to workload spiffe://a with key binding jkt-1");
      assertThat(live.audience()).isEqualTo("github");
      assertThat(live.lastUsed()).isEqualTo(at(50));
      assertThat(profile.tokens().get(1).status()).isEqualTo("no known expiry");
      assertThat(profile.tokens().get(1).task()).isEqualTo("task-done");
      assertThat(profile.tokens().get(2).status()).isEqualTo("expired");
      assertThat(profile.tokens().get(2).expiry())
          .isEqualTo("expired 2026-11-28T09:01:00Z (9m ago)");

      assertThat(profile.tasks())
          .extracting(IdentityProfile.TaskView::taskId, IdentityProfile.TaskView::state)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("task-open", "open"),
              org.assertj.core.groups.Tuple.tuple("task-done", "completed"));
      assertThat(profile.tasks().get(1).words())
          .isEqualTo(
              "Task task-done completed 2026-11-28T09:00:40Z (9m20s ago); a use of its 1 token"
                  + " now would alert.");
      assertThat(profile.baseline().get("networks"))
          .isEqualTo(
              "Came from 2 networks in the last 14d: private (2 events, last 9m10s ago),"
                  + " asn:15169 (1 event, last 9m50s ago).");

      assertThat(profile.recentAlerts())
          .extracting(AlertView::alertId)
          .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::getAlertId).toList());
      assertThat(profile.recentAlerts())
          .extracting(AlertView::words)
          .contains(
              "HIGH TOKEN_REPLAY by rule "
                  + TestPacks.CONTEXT
                  + " (alert "
                  + alertOf(alerts, TestPacks.CONTEXT)
                  + "); repeats are merged until 2026-11-28T09:30:50Z (in 20m50s), none so far.");
      // Every sentence is for a person: no ISO-8601 durations anywhere.
      assertThat(profile.toString()).doesNotContainPattern("PT[0-9]");
    }
  }

  @Test
  void anIdentityThePartitionNeverSawIsUnknown() {
    try (TopologyHarness h = new TopologyHarness(TestPacks.standard())) {
      h.send(issued("i-1", at(0), ID, "tok-1"));
      assertThat(builder(h, "svc-other@corp", at(60)).known()).isFalse();
      assertThat(builder(h, ID, at(60)).known()).isTrue();
    }
  }

  private static String alertOf(List<Alert> alerts, String rule) {
    return alerts.stream()
        .filter(a -> a.getRuleId().equals(rule))
        .findFirst()
        .orElseThrow()
        .getAlertId();
  }

  private static IdentityProfile profile(TopologyHarness h, String identity, Instant now) {
    KeyValueStore<String, byte[]> windows = h.keyValueStore(VigilTopology.SUPPRESSION_STORE);
    try (var all = windows.all()) {
      return IdentityQueries.render(builder(h, identity, now), all);
    }
  }

  private static ProfileBuilder builder(TopologyHarness h, String identity, Instant now) {
    StateStore store = h.stateStore(IdentityQueries.detectorStore());
    QueryResult<ProfileBuilder> result =
        store.query(
            new IdentityProfileQuery(identity, now),
            PositionBound.unbounded(),
            new QueryConfig(false));
    assertThat(result.isSuccess()).isTrue();
    return result.getResult();
  }
}
