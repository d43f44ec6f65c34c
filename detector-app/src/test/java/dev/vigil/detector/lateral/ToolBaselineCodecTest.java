package dev.vigil.detector.lateral;

import static dev.vigil.detector.lateral.ToolFanoutFixtures.day;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.defaults;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.pack;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.params;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.rule;
import static dev.vigil.detector.lateral.ToolFanoutFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.StateCodecChecks;
import dev.vigil.detector.lateral.ToolBaseline.ToolUse;
import dev.vigil.events.Outcome;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ToolBaselineCodecTest {

  private final ToolFanoutDetector detector = new ToolFanoutDetector();
  private final ToolBaselineCodec codec = new ToolBaselineCodec();

  /**
   * A realistic agent after 30 days: a dozen tools reached a few times an hour, UUID event ids, and
   * its last minutes' calls still inside the window (so their evidence ids are kept).
   */
  private ToolBaseline realisticAgent() {
    List<String> tools =
        List.of(
            "github",
            "jira",
            "confluence",
            "slack",
            "vault",
            "aws:s3",
            "aws:sqs",
            "mcp:filesystem",
            "mcp:git",
            "mcp:browser",
            "pagerduty",
            "datadog");
    RulePack pack = defaults();
    ToolBaseline state = detector.newState();
    Random random = new Random(11);
    for (int minute = 0; minute < 30 * 24 * 60; minute += 15) {
      detector.onEvent(
          state,
          use(
              new UUID(random.nextLong(), random.nextLong()).toString(),
              day(0).plus(Duration.ofMinutes(minute)),
              tools.get(random.nextInt(tools.size()))),
          pack);
    }
    return state;
  }

  @Test
  void aRealisticAgentRoundTripsWellUnderTwoKilobytes() {
    ToolBaseline state = realisticAgent();

    byte[] bytes = codec.encode(state);

    assertThat(codec.decode(bytes)).isEqualTo(state);
    assertThat(state.tools).hasSize(12);
    System.out.println("tool baseline state, realistic agent: " + bytes.length + " bytes");
    assertThat(bytes.length).isLessThan(2048);
  }

  @Test
  void aFreshStateRoundTrips() {
    ToolBaseline fresh = detector.newState();

    assertThat(codec.decode(codec.encode(fresh))).isEqualTo(fresh);
  }

  @Test
  void bytesOfAnotherVersionOrCutShortAreRefusedWithTheReason() {
    byte[] bytes = codec.encode(realisticAgent());
    byte[] future = bytes.clone();
    future[0] = 3;

    assertThatThrownBy(() -> codec.decode(future))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 3");
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }

  /**
   * Version-1 bytes as this codec first wrote them: state stores hold such records, so the format
   * is pinned (non-ASCII, a NUL and a surrogate pair cover every text encoding path). They decode
   * with no evidence: the identity counts it afresh.
   */
  @Test
  void version1BytesStillDecode() {
    assertThat(codec.decode(HexFormat.of().parseHex(GOLDEN_V1))).isEqualTo(pinnedState());
  }

  /** Version 2 adds the evidence: active days, uses, uses since the tool set last grew. */
  @Test
  void version2BytesDecodeAndReencodeIdentically() {
    ToolBaseline state = pinnedState();
    state.evidence.active(state.firstSeen, state.firstSeen);
    state.evidence.observed(true);
    state.evidence.observed(true);
    state.evidence.observed(false);
    assertThat(HexFormat.of().formatHex(codec.encode(state))).isEqualTo(GOLDEN_V2);
    assertThat(codec.decode(HexFormat.of().parseHex(GOLDEN_V2))).isEqualTo(state);
  }

  private static ToolBaseline pinnedState() {
    ToolBaseline state = new ToolBaseline();
    state.firstSeen = 1_700_000_000_000L;
    state.lastSeen = 1_700_000_900_000L;
    state.tools.put(
        "mcp:\u30d5\u30a1\u30a4\u30eb",
        new ToolUse(1_700_000_000_000L, 1_700_000_600_000L, null, ToolBaseline.NONE));
    state.tools.put(
        "nul\u0000\ud83d\ude00",
        new ToolUse(1_700_000_100_000L, 1_700_000_900_000L, "\u00e9v-1", 1_700_000_800_000L));
    return state;
  }

  private static final String GOLDEN_V2 =
      "0280a0abfef962c0ee6d02000301000200106d63703ae38395e382a1e382a4e3"
          + "83abc0cf24809f4900000b6e756cc080eda0bdedb8800080d461010005c3a976"
          + "2d31c09a0c";

  private static final String GOLDEN_V1 =
      "0180a0abfef962c0ee6d0200106d63703ae38395e382a1e382a4e383abc0cf24"
          + "809f4900000b6e756cc080eda0bdedb8800080d461010005c3a9762d31c09a0c";

  @Property(tries = 300)
  void anyStateTheDetectorBuildsRoundTripsAndStaysWithinItsCap(
      @ForAll("histories") List<ObservedEvent> history) {
    Map<String, Object> small = params();
    small.put("max_baseline_entries", 6);
    RulePack pack = pack(rule(small, RuleExceptions.NONE, true));
    ToolBaseline state = StateCodecChecks.stateAfter(detector, pack, history);

    StateCodecChecks.assertRoundTripsExactly(codec, state);
    assertThat(state.tools.size()).isLessThanOrEqualTo(6);
  }

  /** Calls in any order over 60 days to twelve tools, any outcome. */
  @Provide
  Arbitrary<List<ObservedEvent>> histories() {
    Arbitrary<ObservedEvent> event =
        Combinators.combine(
                Arbitraries.longs().between(0, Duration.ofDays(60).toMinutes()),
                Arbitraries.integers().between(0, 11),
                Arbitraries.of(Outcome.class),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
            .as(
                (minute, tool, outcome, id) ->
                    use(
                        id,
                        day(0).plus(Duration.ofMinutes(minute)),
                        "tool-" + tool,
                        ToolFanoutFixtures.IDENTITY,
                        outcome));
    return event.list().ofMaxSize(60);
  }
}
