package dev.vigil.detector.privilege;

import static dev.vigil.detector.privilege.PrivilegeFixtures.auth;
import static dev.vigil.detector.privilege.PrivilegeFixtures.day;
import static dev.vigil.detector.privilege.PrivilegeFixtures.defaults;
import static dev.vigil.detector.privilege.PrivilegeFixtures.newPrivilegeParams;
import static dev.vigil.detector.privilege.PrivilegeFixtures.pack;
import static dev.vigil.detector.privilege.PrivilegeFixtures.rule;
import static dev.vigil.detector.privilege.PrivilegeFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.StateCodecChecks;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IdentityBaselineCodecTest {

  private final PrivilegeDetector detector = new PrivilegeDetector();
  private final IdentityBaselineCodec codec = new IdentityBaselineCodec();

  /**
   * A realistic service account after 30 days: 14 privileges across five tools, a token issued
   * every hour with four scopes, a handful of privileged calls an hour, UUID event ids.
   */
  static IdentityBaseline realisticIdentity(PrivilegeDetector detector) {
    List<String> privileges =
        List.of(
            "repo:read",
            "repo:write",
            "admin:repo",
            "s3:GetObject",
            "s3:PutObject",
            "s3:ListBucket",
            "secrets:read",
            "secrets:write",
            "kms:Decrypt",
            "kms:Encrypt",
            "sqs:SendMessage",
            "sqs:ReceiveMessage",
            "deploy:staging",
            "deploy:prod");
    List<String> tools = List.of("github", "aws:s3", "vault", "aws:kms", "aws:sqs");
    RulePack pack = defaults();
    IdentityBaseline state = detector.newState();
    java.util.Random random = new java.util.Random(7);
    for (int hour = 0; hour < 30 * 24; hour++) {
      detector.onEvent(
          state,
          auth(
              UUID.randomUUID().toString(),
              day(hour / 24.0),
              AuthEventKind.TOKEN_ISSUED,
              Outcome.SUCCESS,
              "repo",
              "s3:rw",
              "secrets:read",
              "deploy:staging"),
          pack);
      for (int i = 0; i < 6; i++) {
        String privilege = privileges.get(random.nextInt(privileges.size()));
        detector.onEvent(
            state,
            use(
                    new UUID(random.nextLong(), random.nextLong()).toString(),
                    day(hour / 24.0).plusSeconds(60L * i + 5),
                    tools.get(random.nextInt(tools.size())),
                    "call")
                .privilege(privilege)
                .build(),
            pack);
      }
    }
    return state;
  }

  @Test
  void aRealisticIdentityRoundTripsWellUnderTwoKilobytes() {
    IdentityBaseline state = realisticIdentity(detector);

    byte[] bytes = codec.encode(state);

    assertThat(codec.decode(bytes)).isEqualTo(state);
    assertThat(state.privileges).hasSize(14);
    assertThat(state.granted).hasSize(4);
    System.out.println("privilege baseline state, realistic identity: " + bytes.length + " bytes");
    assertThat(bytes.length).isLessThan(2048);
  }

  @Test
  void aFreshStateAndItsNeverMarkersRoundTrip() {
    IdentityBaseline fresh = detector.newState();

    assertThat(codec.decode(codec.encode(fresh))).isEqualTo(fresh);
    assertThat(codec.encode(fresh)).hasSizeLessThan(64);
  }

  @Test
  void bytesOfAnotherVersionOrCutShortAreRefusedWithTheReason() {
    byte[] bytes = codec.encode(realisticIdentity(detector));
    byte[] future = bytes.clone();
    future[0] = 9;

    assertThatThrownBy(() -> codec.decode(future))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length / 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  /**
   * Version-1 bytes as this codec first wrote them: state stores hold such records, so the format
   * is pinned (non-ASCII, a NUL and a surrogate pair cover every text encoding path). They decode
   * with no evidence and no rhythm: the identity counts its evidence afresh.
   */
  @Test
  void version1BytesStillDecode() {
    IdentityBaseline state = pinnedState();
    byte[] golden = HexFormat.of().parseHex(GOLDEN_V1);

    assertThat(codec.decode(golden)).isEqualTo(state);
  }

  /**
   * Version 2 adds the evidence (active days, uses) and the rhythm (longest silences). Its list of
   * the current bucket's permissions is dropped: version 3 keeps them with their rates.
   */
  @Test
  void version2BytesStillDecode() {
    IdentityBaseline state = withEvidenceAndRhythm(pinnedState());

    assertThat(codec.decode(HexFormat.of().parseHex(GOLDEN_V2))).isEqualTo(state);
  }

  /**
   * Version 3 keeps a rate per privileged permission instead: one that succeeded (in the
   * privileges) is written as its place among them, one that never did as its text.
   */
  @Test
  void version3BytesDecodeAndReencodeIdentically() {
    IdentityBaseline state = withEvidenceAndRhythm(pinnedState());
    PrivilegeRate known = new PrivilegeRate();
    known.count = 3;
    known.previous = 1;
    known.sum = 40.5f;
    known.weight = 17.25f;
    state.burst.rates.put("nul\u0000\ud83d\ude00", known);
    PrivilegeRate denied = new PrivilegeRate();
    denied.sum = 0.75f;
    denied.weight = 0.5f;
    state.burst.rates.put("admin:org", denied);

    assertThat(HexFormat.of().formatHex(codec.encode(state))).isEqualTo(GOLDEN_V3);
    assertThat(codec.decode(HexFormat.of().parseHex(GOLDEN_V3))).isEqualTo(state);
  }

  private static IdentityBaseline withEvidenceAndRhythm(IdentityBaseline state) {
    state.evidence.active(1_700_000_000_000L, state.firstSeen);
    state.evidence.observed(true);
    state.evidence.observed(false);
    state.evidence.active(1_700_089_500_000L, state.firstSeen);
    state.longestGap = 88_500_000L;
    state.wakeLongestGap = 3_600_000L;
    state.wakeActiveDays = 1;
    return state;
  }

  private static IdentityBaseline pinnedState() {
    IdentityBaseline state = new IdentityBaseline(300_000L);
    state.firstSeen = 1_700_000_000_000L;
    state.lastSeen = 1_700_090_000_000L;
    state.silentSince = 1_700_000_500_000L;
    state.wokeAt = 1_700_089_000_000L;
    state.wakeEventId = "w\u00e9ke";
    state.privileges.put("s3:\u30d5\u30a1", 1_700_080_000_000L);
    state.privileges.put("nul\u0000\ud83d\ude00", 1_700_090_000_000L);
    state.granted.put("repo", 1_700_000_000_000L);
    state.burst.bucketStart = 1_700_089_800_000L;
    state.burst.count = 3;
    state.burst.previousCount = 1;
    state.burst.typicalSum = 12.5f;
    state.burst.typicalWeight = 4.25f;
    state.burst.typicalAt = 1_700_089_500_000L;
    state.burst.eventIds.add("ev-1");
    return state;
  }

  private static final String GOLDEN_V2 =
      "0280a0abfef96280aaea550402020101a0ce992a0180897ac09cb354000577c3"
          + "a96b6580dddb010102000973333ae38395e382a180dac409000b6e756cc080ed"
          + "a0bdedb880000100047265706f80aaea55c0cf2480b518030140290000000000"
          + "004011000000000000c0843d01000465762d3101000973333ae38395e382a1";

  private static final String GOLDEN_V3 =
      "0380a0abfef96280aaea550402020101a0ce992a0180897ac09cb354000577c3"
          + "a96b6580dddb010102000973333ae38395e382a180dac409000b6e756cc080ed"
          + "a0bdedb880000100047265706f80aaea55c0cf2480b518030141480000408800"
          + "00c0843d01000465762d310202030142220000418a000000000961646d696e3a"
          + "6f726700003f4000003f000000";

  private static final String GOLDEN_V1 =
      "0180a0abfef96280aaea550180897ac09cb354000577c3a96b6502000973333a"
          + "e38395e382a180dac409000b6e756cc080eda0bdedb880000100047265706f80"
          + "aaea55c0cf2480b518030140290000000000004011000000000000c0843d0100"
          + "0465762d3101000973333ae38395e382a1";

  @Property(tries = 300)
  void anyStateTheDetectorBuildsRoundTripsAndStaysWithinItsCap(
      @ForAll("histories") List<ObservedEvent> history) {
    Map<String, Object> params = newPrivilegeParams();
    params.put("max_baseline_entries", 5);
    RulePack pack =
        pack(
            rule("np", RuleKind.NEW_PRIVILEGE, params),
            PrivilegeFixtures.dormant(),
            PrivilegeFixtures.burst());
    IdentityBaseline state = StateCodecChecks.stateAfter(detector, pack, history);

    StateCodecChecks.assertRoundTripsExactly(codec, state);
    assertThat(state.privileges.size()).isLessThanOrEqualTo(5);
    assertThat(state.granted.size()).isLessThanOrEqualTo(5);
  }

  /** Events in any order over 90 days: uses of eight privileges, grants, logins. */
  @Provide
  Arbitrary<List<ObservedEvent>> histories() {
    Arbitrary<ObservedEvent> event =
        Combinators.combine(
                Arbitraries.longs().between(0, Duration.ofDays(90).toMinutes()),
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 5),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
            .as(
                (minute, p, kind, id) -> {
                  var at = day(0).plus(Duration.ofMinutes(minute));
                  String privilege = (p % 2 == 0 ? "admin:" : "read:") + p;
                  return switch (kind) {
                    case 0, 1, 2 -> use(id, at, "tool-" + p, "call").privilege(privilege).build();
                    case 3 ->
                        use(id, at, "tool-" + p, "call")
                            .privilege(privilege)
                            .outcome(Outcome.DENIED)
                            .build();
                    case 4 ->
                        auth(
                            id,
                            at,
                            AuthEventKind.TOKEN_ISSUED,
                            Outcome.SUCCESS,
                            privilege,
                            "s-" + p);
                    default -> auth(id, at, AuthEventKind.LOGIN, Outcome.SUCCESS);
                  };
                });
    return event.list().ofMaxSize(60);
  }
}
