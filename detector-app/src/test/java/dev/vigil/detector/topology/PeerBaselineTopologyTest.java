package dev.vigil.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.baseline.PeerBaseline;
import dev.vigil.detector.fixtures.TopologyHarness;
import dev.vigil.detector.privilege.PrivilegeDetector;
import dev.vigil.events.Alert;
import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.pack.RulePacks;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production topology feeds peer baselines: an identity on its first day, with no baseline of
 * its own, is judged by {@code new_privilege} against the other agents of its group, under the
 * default pack, and the group's baseline (its members, terms and window counts) is changelogged
 * store data like every other state.
 */
class PeerBaselineTopologyTest {

  private static final Instant DAY_ONE = Instant.parse("2026-11-28T08:00:00Z");
  private static final String NEWCOMER = "agent:triage-bot";

  /** No namespace, owner or trust domain on the events: the group is the type alone. */
  private static final String GROUP = "AI_AGENT";

  private final TopologyHarness topology = new TopologyHarness(RulePacks.defaultPack());
  private int sequence;

  @AfterEach
  void close() {
    topology.close();
  }

  private TopologyHarness call(String identity, Instant at, String privilege) {
    return topology.send(
        TokenUseEvent.newBuilder()
            .setEventId("e-" + sequence++)
            .setEventTime(at)
            .setIdentityId(identity)
            .setIdentityType(IdentityType.AI_AGENT)
            .setTokenId("tok-" + identity)
            .setTool("github")
            .setAction("call")
            .setPrivilege(privilege)
            .setOutcome(Outcome.SUCCESS)
            .setSource(Source.newBuilder().setIp("10.0.0.9").build()));
  }

  /** Six agents of the group, each writing secrets (a privileged permission) every hour. */
  private Instant peersAtWork() {
    Instant at = DAY_ONE;
    for (int hour = 0; hour < 4; hour++) {
      for (int peer = 1; peer <= 6; peer++) {
        at = DAY_ONE.plus(Duration.ofHours(hour)).plusSeconds(peer * 30L);
        call("agent:helper-" + peer, at, "secrets:write");
        call("agent:helper-" + peer, at.plusSeconds(5), "repo:read");
      }
    }
    return at;
  }

  @Test
  void aFirstDayIdentitysAdminPrivilegeNoneOfItsPeersUseRaisesAnAlert() {
    Instant now = peersAtWork();
    assertThat(topology.alerts()).as("peers doing what they all do").isEmpty();

    call(NEWCOMER, now.plusSeconds(60), "repo:read");
    call(NEWCOMER, now.plusSeconds(120), "secrets:write");
    assertThat(topology.alerts())
        .as("a privileged permission all six of its peers use is not news, even on day one")
        .isEmpty();

    call(NEWCOMER, now.plusSeconds(180), "admin:org");
    List<Alert> alerts = topology.alerts();

    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.getDetection()).isEqualTo(Detection.SUDDEN_PRIVILEGE_USE);
              assertThat(alert.getRuleId()).isEqualTo("privilege-new-privileged-permission");
              assertThat(alert.getIdentityId()).isEqualTo(NEWCOMER);
              assertThat(alert.getObserved())
                  .containsEntry("judged_against", List.of("peer group"));
              assertThat(alert.getSummary()).contains("'admin:org'", "none of its 6 peers");
            });
  }

  @Test
  void withoutTheGroupsBaselineTheSameNewcomerIsLeftAlone() {
    // The control: the same first-day admin call with no peers seen is not judged at all.
    call(NEWCOMER, DAY_ONE, "repo:read");
    call(NEWCOMER, DAY_ONE.plusSeconds(60), "admin:org");

    assertThat(topology.alerts()).isEmpty();
  }

  @Test
  void theGroupsBaselineIsChangeloggedUnderItsOwnPrefix() {
    Instant now = peersAtWork();
    call(NEWCOMER, now.plusSeconds(60), "admin:org");

    Map<String, byte[]> latest = new LinkedHashMap<>();
    for (TestRecord<String, byte[]> record : topology.changelog(VigilTopology.DETECTOR_STORE)) {
      latest.put(record.key(), record.value());
    }
    String key = StateKeys.peerPrefix(PrivilegeDetector.NAME) + GROUP;
    assertThat(key).isEqualTo("pp:AI_AGENT");
    assertThat(latest).containsKey(key);

    // What a restored task would read back: the group as the topology left it.
    PeerBaseline restored = new PrivilegeDetector().peerCodec().decode(latest.get(key));
    assertThat(restored.group()).isEqualTo(GROUP);
    assertThat(restored.peers(NEWCOMER)).isEqualTo(6);
    assertThat(restored.users("secrets:write", NEWCOMER)).isEqualTo(6);
    assertThat(restored.users("admin:org", "agent:helper-1"))
        .as("the newcomer's call was learnt after it was judged")
        .isEqualTo(1);
    // The topology hands each identity's state to its group: every peer's privileged window is
    // taught once its next one begins, 3 of its 4 hours (privilege_burst's busy window).
    assertThat(restored.windows()).isEqualTo(18);
    assertThat(restored.busyWindow(0.99)).isEqualTo(1);
  }
}
