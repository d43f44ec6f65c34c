package dev.vigil.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.state.StateOutput;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeerBaselineTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long HORIZON = Duration.ofDays(45).toMillis();

  private final PeerBaseline group = new PeerBaseline("AI_AGENT|name=agent:support-bot");
  private final PeerBaselineCodec codec = new PeerBaselineCodec();

  @Test
  void countsDistinctMembersAndUsersAndNoneIsExact() {
    for (int i = 0; i < 12; i++) {
      for (int repeat = 0; repeat < 3; repeat++) {
        group.used("agent:support-bot-" + i, "secrets:write", T0 + i, HORIZON, 200);
      }
      if (i < 3) {
        group.used("agent:support-bot-" + i, "admin:org", T0 + i, HORIZON, 200);
      }
    }

    String newcomer = "agent:support-bot-99";
    assertThat(group.peers(newcomer)).isEqualTo(12);
    assertThat(group.users("secrets:write", newcomer)).isEqualTo(12);
    assertThat(group.share("secrets:write", newcomer)).isEqualTo(1.0);
    assertThat(group.users("admin:org", newcomer)).isEqualTo(3);
    assertThat(group.users("iam:CreateAccessKey", newcomer)).isZero();
    assertThat(group.share("iam:CreateAccessKey", newcomer)).isZero();
    assertThat(group.judges(newcomer, 5)).isTrue();
    assertThat(PeerView.NONE.judges(newcomer, 1)).isFalse();
    // A member is never its own peer: what it did does not vouch for it.
    assertThat(group.peers("agent:support-bot-0")).isEqualTo(11);
    assertThat(group.users("admin:org", "agent:support-bot-0")).isEqualTo(2);
  }

  @Test
  void countsAreExactUpTo64MembersAndSaturateBeyondKeepingShares() {
    for (int i = 0; i < 64; i++) {
      group.used("svc-" + i, i % 2 == 0 ? "kms:Decrypt" : "s3:GetObject", T0, HORIZON, 200);
    }
    assertThat(group.peers("x")).isEqualTo(64);
    assertThat(group.users("kms:Decrypt", "x")).isEqualTo(32);
    for (int i = 64; i < 5000; i++) {
      group.used("svc-" + i, i % 2 == 0 ? "kms:Decrypt" : "s3:GetObject", T0, HORIZON, 200);
    }
    assertThat(group.peers("x")).isEqualTo(64);
    assertThat(group.share("kms:Decrypt", "x")).isEqualTo(1.0);
    assertThat(group.users("iam:CreateAccessKey", "x")).isZero();
  }

  @Test
  void forgetsMembersAndUsesOlderThanTwoHorizons() {
    group.used("a", "admin:org", T0, HORIZON, 200);
    group.used("b", "repo:write", T0 + HORIZON + 1, HORIZON, 200);
    assertThat(group.users("admin:org", "x")).isEqualTo(1); // previous generation still counts
    assertThat(group.peers("x")).isEqualTo(2);

    group.used("c", "repo:write", T0 + 2 * HORIZON + 2, HORIZON, 200);
    group.prune(T0 + 2 * HORIZON + 2, HORIZON);
    assertThat(group.users("admin:org", "x")).isZero();
    assertThat(group.terms).doesNotContainKey("admin:org");
    assertThat(group.peers("x")).isEqualTo(2);
  }

  /**
   * Prune skips its scan while it knows no term is past two horizons: a group held across events
   * keeps exactly what one re-read before every prune (which starts not knowing, so scans) keeps.
   */
  @Test
  void skippingThePruneScanKeepsWhatScanningEveryTimeKeeps() {
    Random random = new Random(5);
    PeerBaseline held = new PeerBaseline("g");
    PeerBaseline reread = new PeerBaseline("g");
    long now = T0;
    int dropped = 0;
    for (int i = 0; i < 3_000; i++) {
      now += random.nextInt((int) (HORIZON / 20));
      long time = now - random.nextInt((int) (HORIZON / 4));
      String member = "m" + random.nextInt(20);
      String term = "t" + random.nextInt(80);
      held.used(member, term, time, HORIZON, 50);
      reread.used(member, term, time, HORIZON, 50);
      int before = held.terms.size();
      held.prune(now, HORIZON);
      reread = codec.decode(codec.encode(reread));
      reread.prune(now, HORIZON);
      dropped += before - held.terms.size();

      assertThat(held).as("event %d", i).isEqualTo(reread);
    }
    assertThat(dropped).as("terms pruned past two horizons").isGreaterThan(100);
  }

  @Test
  void keepsTheMostRecentlyUsedTermsUpToTheCap() {
    for (int i = 0; i < 10; i++) {
      group.used("a", "p" + i, T0 + i, HORIZON, 4);
    }
    assertThat(group.terms.keySet()).containsExactly("p6", "p7", "p8", "p9");
  }

  @Test
  void roundTripsThroughItsCodecAndRefusesOtherVersions() {
    for (int i = 0; i < 7; i++) {
      group.used("agent:support-bot-" + i, "secrets:write", T0 + i * 1000L, HORIZON, 200);
    }
    group.used("x", "caf\u00e9:\ud83d\ude00", T0 + HORIZON + 5, HORIZON, 200);
    byte[] bytes = codec.encode(group);

    assertThat(codec.decode(bytes)).isEqualTo(group);
    assertThat(bytes.length).isLessThan(160);
    byte[] future = bytes.clone();
    future[0] = 3;
    assertThatThrownBy(() -> codec.decode(future)).hasMessageContaining("version 3");
    PeerBaseline fresh = new PeerBaseline();
    assertThat(codec.decode(codec.encode(fresh))).isEqualTo(fresh);
  }

  @Test
  void closedWindowsGiveTheCountABusyWindowOfTheGroupStaysWithin() {
    // 99 windows of 1 to 4 actions (25, 25, 25 and 24 of them) and one of 40.
    for (int i = 0; i < 99; i++) {
      group.window("svc-" + (i % 7), 1 + i % 4, T0 + i, HORIZON);
    }
    group.window("svc-0", 40, T0 + 100, HORIZON);

    assertThat(group.windows()).isEqualTo(100);
    assertThat(group.busyWindow(0.5)).isEqualTo(2);
    assertThat(group.busyWindow(0.99)).as("one window in a hundred does not move it").isEqualTo(4);
    // Above 16, a quantile is the upper edge of its quarter-octave bin: 40 lies in 39..45.
    assertThat(group.busyWindow(1.0)).isEqualTo(45);
    assertThat(group.peers("x")).isEqualTo(7);
    assertThat(PeerView.NONE.windows()).isZero();
    assertThat(PeerView.NONE.busyWindow(0.99)).isZero();

    PeerBaseline restored = codec.decode(codec.encode(group));
    assertThat(restored).isEqualTo(group);
    assertThat(restored.busyWindow(0.99)).isEqualTo(4);
  }

  @Test
  void windowsAreForgottenWithTheirGeneration() {
    group.window("a", 30, T0, HORIZON);
    group.window("b", 3, T0 + HORIZON + 1, HORIZON);
    assertThat(group.windows()).as("the previous generation still counts").isEqualTo(2);

    group.window("c", 2, T0 + 2 * HORIZON + 2, HORIZON);
    assertThat(group.windows()).isEqualTo(2);
    assertThat(group.busyWindow(1.0)).isEqualTo(3);

    group.window("c", 2, T0 + 5 * HORIZON, HORIZON);
    assertThat(group.windows()).isEqualTo(1);
  }

  @Test
  void aBinHoldsEveryCountUpToItsUpperEdge() {
    int previousEdge = 0;
    for (int bin = 0; bin < WindowCounts.BINS; bin++) {
      int edge = WindowCounts.upperEdge(bin);
      assertThat(edge).as("bin " + bin).isGreaterThan(previousEdge);
      assertThat(WindowCounts.binOf(edge)).isEqualTo(bin);
      assertThat(WindowCounts.binOf(previousEdge + 1)).isEqualTo(bin);
      previousEdge = edge;
    }
    assertThat(WindowCounts.binOf(Integer.MAX_VALUE)).isEqualTo(WindowCounts.BINS - 1);
  }

  @Test
  void aGroupStoredBeforeWindowCountsIsReadWithNone() {
    byte[] version1 =
        new StateOutput()
            .writeByte(1)
            .writeUtf("SERVICE_ACCOUNT")
            .writeVarLong(T0)
            .writeVarLong(0)
            .writeVarUnsigned(1)
            .writeInt(PINNED_SVC_A)
            .writeVarUnsigned(0)
            .writeVarUnsigned(0)
            .toByteArray();

    PeerBaseline old = codec.decode(version1);

    assertThat(old.peers("x")).isEqualTo(1);
    assertThat(old.windows()).isZero();
    assertThat(codec.decode(codec.encode(old))).isEqualTo(old);
  }

  @Test
  void aMembersFingerprintIsPinned() {
    // Stored fingerprints must mean the same member after a restart and an upgrade.
    assertThat(PeerBaseline.fingerprint("svc-a")).isEqualTo(PINNED_SVC_A);
  }

  private static final int PINNED_SVC_A = 1_685_288_198;
}
