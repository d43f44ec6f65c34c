package dev.vigil.detector.privilege;

import static dev.vigil.detector.privilege.PrivilegeFixtures.burst;
import static dev.vigil.detector.privilege.PrivilegeFixtures.day;
import static dev.vigil.detector.privilege.PrivilegeFixtures.pack;
import static dev.vigil.detector.privilege.PrivilegeFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.baseline.PeerFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * privilege_burst before an identity's own rate is known: judged against its peer group's busy
 * window (the catalogue's numbers: five times the count 99 in 100 of the group's windows stayed
 * within, at least five peers and a hundred closed windows), fed the way the topology feeds peer
 * baselines ({@link PeerFeed}).
 */
class PeerBurstTest {

  private static final String NEWCOMER = "svc-exports-new@corp";

  private final PeerFeed<IdentityBaseline> feed =
      new PeerFeed<>(new PrivilegeDetector(), pack(burst()));
  private int sequence;

  private List<Finding> call(String identity, Instant at) {
    return feed.send(
        use("e-" + sequence++, at, "aws:iam", "call")
            .privilege(sequence % 2 == 0 ? "admin:org" : "iam:PassRole")
            .identity(identity)
            .build());
  }

  /**
   * {@code members} service accounts, each active at the top of every hour for two days: three
   * privileged calls a window, and ten in every tenth window (their busy ones).
   */
  private void peers(int members, int hours) {
    for (int h = 0; h < hours; h++) {
      for (int m = 0; m < members; m++) {
        int calls = h % 10 == 9 ? 10 : 3;
        for (int i = 0; i < calls; i++) {
          Instant at = day(0).plus(Duration.ofHours(h)).plusSeconds(60L * m + 5L * i);
          assertThat(call("svc-exports-" + m + "@corp", at)).isEmpty();
        }
      }
    }
  }

  /** {@code n} privileged calls by the newcomer, two seconds apart, its very first activity. */
  private List<Finding> newcomerBurst(Instant start, int n) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      findings.addAll(call(NEWCOMER, start.plusSeconds(2L * i)));
    }
    return findings;
  }

  @Test
  void aYoungIdentitysBurstFarAboveItsPeersBusyWindowFires() {
    peers(6, 48);
    Instant start = day(2).plus(Duration.ofMinutes(30));

    List<Finding> findings = newcomerBurst(start, 80);

    // Busy window 10 (every tenth window held ten): the threshold is 5 x 10 = 50.
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventCount()).isEqualTo(50);
              assertThat(f.triggeredAt()).isEqualTo(start.plusSeconds(2 * 49));
              assertThat(f.observed()).containsEntry("judged_against", List.of("peer group"));
              assertThat(f.summary())
                  .contains(
                      NEWCOMER,
                      "made 50 privileged calls within 5m",
                      "5.0x the 10 that 99.0% of its 6 peers' active 5m windows stayed within"
                          + " over 30d (SERVICE_ACCOUNT)",
                      "its own rate is not known yet (1 of 3 active days, 20 of 20 uses, known for");
            });
  }

  @Test
  void aYoungIdentityAtItsPeersBusyRateIsSilentThoughAboveMinCount() {
    peers(6, 48);

    // 40 in five minutes passes min_count (20) but not five times the peers' busy window (50).
    assertThat(newcomerBurst(day(2).plus(Duration.ofMinutes(30)), 40)).isEmpty();
  }

  @Test
  void aGroupTooSmallToJudgeLeavesAYoungIdentitysBurstAlone() {
    peers(4, 48);

    assertThat(newcomerBurst(day(2).plus(Duration.ofMinutes(30)), 200))
        .as("four peers, five needed")
        .isEmpty();
  }

  @Test
  void peersWithTooFewClosedWindowsLeaveAYoungIdentitysBurstAlone() {
    peers(6, 16);

    assertThat(newcomerBurst(day(2).plus(Duration.ofMinutes(30)), 200))
        .as("6 peers x 15 closed windows, 100 needed")
        .isEmpty();
  }

  @Test
  void anIdentityWhoseOwnRateIsKnownIsJudgedAgainstItNotItsPeers() {
    peers(6, 48);
    // The newcomer's own habit: two calls every hour for three days, a rate of two a window.
    for (int h = 0; h < 72; h++) {
      Instant at = day(2).plus(Duration.ofHours(h)).plusSeconds(30);
      assertThat(call(NEWCOMER, at)).isEmpty();
      assertThat(call(NEWCOMER, at.plusSeconds(10))).isEmpty();
    }

    // 10 x its own 2 is 20, far under its peers' 50: its own rate judges.
    List<Finding> findings = newcomerBurst(day(5).plus(Duration.ofHours(1)), 30);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventCount()).isEqualTo(20);
              assertThat(f.observed()).containsEntry("judged_against", List.of("own baseline"));
            });
  }
}
