package dev.vigil.detector.intent;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.from;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.events.AuthEventKind;
import dev.vigil.rules.RulePack;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class IntentStateCodecTest {

  private final IntentStateCodec codec = new IntentStateCodec();

  @Property(tries = 200)
  void everyFieldRoundTrips(
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long lastMillis,
      @ForAll @IntRange(min = 0, max = 40) int tasks,
      @ForAll @IntRange(min = 0, max = 40) int tokens,
      @ForAll @IntRange(min = 0, max = 40) int uses,
      @ForAll @IntRange(min = -100_000_000, max = 100_000_000) int spreadMillis) {
    Instant last = Instant.ofEpochMilli(lastMillis);
    IntentState s = new IntentState();
    s.identityType("AI_AGENT");
    s.lastSeen = last;
    for (int i = 0; i < tasks; i++) {
      Instant done = last.minusMillis((long) spreadMillis * i / 7);
      s.putTask(
          "task-" + i,
          new IntentState.Task(done, "c-" + i, i % 4 == 0 ? done.plusMillis(i) : done));
    }
    for (int i = 0; i < tokens; i++) {
      Instant issued = last.minusMillis(Math.abs((long) spreadMillis) / (i + 1));
      s.putToken(
          "tok-" + i,
          new IntentState.TaskToken(
              "task-" + (i % 5), issued, i % 3 == 0 ? null : issued.plusSeconds(900), "i-" + i));
    }
    for (int i = 0; i < uses; i++) {
      s.uses.add(
          new IntentState.Use(
              last.minusMillis(1_000L * (uses - i)),
              "u-" + i,
              i % 2 == 0 ? "tok-" + i : null,
              i % 3 == 0 ? null : "task-" + i,
              "mcp:vault",
              i % 5 == 0 ? null : "10.0.0." + i));
    }
    s.reported.mark("intent|task-1|tok-1");

    IntentState back = codec.decode(codec.encode(s));

    assertThat(back.identityType()).isEqualTo(s.identityType());
    assertThat(back.lastSeen).isEqualTo(s.lastSeen);
    assertThat(back.tasks()).containsExactlyEntriesOf(s.tasks());
    assertThat(back.tokens()).containsExactlyEntriesOf(s.tokens());
    assertThat(back.uses).isEqualTo(s.uses);
    assertThat(back.reported.mark("intent|task-1|tok-1")).isFalse();
    assertThat(codec.encode(back)).isEqualTo(codec.encode(s));
  }

  /**
   * Version 2 bytes of one state as the encoder of commit 0f3aa55 wrote them, before version 3: a
   * store or changelog written then is still read into the state it came from, and written again as
   * version 4.
   */
  @Test
  void versionTwoBytesAreStillReadAndWrittenAgainAsVersionFour() {
    assertReadAsSampleAndWrittenAsVersionFour(SAMPLE_V2_HEX);
  }

  /**
   * Version 3 bytes of the same state as the encoder of commit d5f09be wrote them: the same but for
   * the first task's and token's times, then offsets from the last event time.
   */
  @Test
  void versionThreeBytesAreStillReadAndWrittenAgainAsVersionFour() {
    assertReadAsSampleAndWrittenAsVersionFour(SAMPLE_V3_HEX);
  }

  private void assertReadAsSampleAndWrittenAsVersionFour(String hex) {
    IntentState s = sampleState();

    IntentState back = codec.decode(HexFormat.of().parseHex(hex));

    assertThat(back.identityType()).isEqualTo(s.identityType());
    assertThat(back.lastSeen).isEqualTo(s.lastSeen);
    assertThat(back.tasks()).containsExactlyEntriesOf(s.tasks());
    assertThat(back.tokens()).containsExactlyEntriesOf(s.tokens());
    assertThat(back.uses).isEqualTo(s.uses);
    assertThat(back.reported.mark("intent|task-9bf8|tok-2996fde1")).isFalse();
    byte[] again = codec.encode(back);
    assertThat(again[0]).isEqualTo((byte) 4);
    assertThat(HexFormat.of().formatHex(again)).isEqualTo(SAMPLE_V4_HEX);
  }

  /** Version 4 as it is written, so that a change of format is a decision, not an accident. */
  @Test
  void versionFourIsWrittenAsPinned() {
    assertThat(HexFormat.of().formatHex(codec.encode(sampleState()))).isEqualTo(SAMPLE_V4_HEX);
  }

  /**
   * An encoding copies the chunks of the uses, tasks and tokens that did not change since the
   * state's previous one. Whatever it kept, the bytes must be those of an encoding from scratch: a
   * live identity's state, changed event by event as the store holds it (tasks completed, tokens
   * issued and pruned past their expiry, findings reported, uses added out of order, dropped past
   * the cap and the lookback), is encoded after every event and compared with the encoding of its
   * copy read back from those bytes, which shares no use and no kept bytes with it.
   */
  @Test
  void anEncodingThatCopiesUnchangedUsesWritesTheBytesOfOneFromScratch() {
    TaskIntentDetector detector = new TaskIntentDetector();
    RulePack pack = TestPacks.standard();
    IntentState live = new IntentState();
    Random random = new Random(14);
    int uses = 0;
    for (int i = 0; i < 600; i++) {
      detector.onEvent(live, randomEvent(random, i), pack);
      if (i % 70 == 35 && live.uses.size() > 3) {
        // Not something the detector does; the kept bytes must not be trusted past it either.
        IntentState.Use old = live.uses.get(1);
        live.uses.set(
            1, new IntentState.Use(old.time(), "x-" + i, old.tokenId(), null, "other", old.ip()));
      }
      byte[] incremental = codec.encode(live);
      IntentState copy = codec.decode(incremental);
      byte[] fromScratch = codec.encode(copy);

      assertThat(incremental).as("event %d", i).isEqualTo(fromScratch);
      assertThat(copy.uses).isEqualTo(live.uses);
      assertThat(codec.encode(live)).as("again, nothing changed").isEqualTo(incremental);
      uses += live.uses.size();
    }
    assertThat(uses).as("uses held over the run").isGreaterThan(600 * 20);
    assertThat(live.tasks()).isNotEmpty();
    assertThat(live.tokens()).isNotEmpty();
    assertThat(live.reported.isEmpty()).as("findings reported over the run").isFalse();
  }

  /**
   * Any list of uses, changed any way between encodings (added, removed, replaced anywhere), is
   * written as from scratch and read back as it was; texts repeat among a few values and nulls, so
   * every code of a use's texts occurs.
   */
  @Property(tries = 300)
  void usesChangedAnyWayBetweenEncodingsRoundTrip(
      @ForAll("useLists") List<IntentState.Use> first,
      @ForAll("useLists") List<IntentState.Use> inserted,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Random random = new Random(seed);
    IntentState s = new IntentState();
    s.lastSeen = Instant.parse("2026-11-28T09:00:00Z");
    s.uses.addAll(first);
    for (IntentState.Use next : inserted) {
      codec.encode(s);
      switch (random.nextInt(3)) {
        case 0 -> s.uses.add(random.nextInt(s.uses.size() + 1), next);
        case 1 -> {
          if (!s.uses.isEmpty()) {
            s.uses.remove(random.nextInt(s.uses.size()));
          }
        }
        default -> {
          if (!s.uses.isEmpty()) {
            s.uses.set(random.nextInt(s.uses.size()), next);
          }
        }
      }
      if (random.nextBoolean()) {
        s.lastSeen = s.lastSeen.plusMillis(random.nextInt(5_000));
      }
      byte[] bytes = codec.encode(s);
      IntentState back = codec.decode(bytes);
      assertThat(back.uses).isEqualTo(s.uses);
      assertThat(codec.encode(back)).isEqualTo(bytes);
    }
  }

  @Provide
  Arbitrary<List<IntentState.Use>> useLists() {
    Arbitrary<String> ids = Arbitraries.of("e-1", "e-12", "e-2", "f", "", "e-1\u00e9");
    Arbitrary<String> texts =
        Arbitraries.of("tok-1", "tok-2", "mcp:vault", "10.0.0.1").injectNull(0.3);
    Arbitrary<IntentState.Use> use =
        Combinators.combine(
                Arbitraries.longs().between(-100_000, 100_000),
                ids.injectNull(0.05),
                texts,
                texts,
                texts,
                texts)
            .as(
                (offset, id, token, task, tool, ip) ->
                    new IntentState.Use(
                        Instant.parse("2026-11-28T09:00:00Z").plusMillis(offset),
                        id,
                        token,
                        task,
                        tool,
                        ip));
    return use.list().ofMaxSize(12);
  }

  /** Tasks, tokens and uses of a few ids each, out of order within minutes, over hours. */
  private static ObservedEvent randomEvent(Random random, int i) {
    String identity = "agent:support-bot";
    long at = i * 20L - random.nextInt(300);
    String task = "task-" + random.nextInt(12);
    String token = "tok-" + random.nextInt(9);
    return switch (random.nextInt(6)) {
      case 0 ->
          observed(
              issued("i-" + i, at(at), identity, token)
                  .setTaskId(task)
                  .setTokenExpiresAt(random.nextBoolean() ? at(at + 900) : null));
      case 1 ->
          observed(auth("c-" + i, at(at), identity, AuthEventKind.TASK_COMPLETED).setTaskId(task));
      case 2 -> observed(use("u-" + i, at(at), identity, null, "mcp:vault").setTaskId(task));
      default ->
          observed(
              use("u-" + i, at(at), identity, token, random.nextBoolean() ? "mcp:vault" : "github")
                  .setSource(from("10.0.0." + random.nextInt(4), null, null)));
    };
  }

  private static IntentState sampleState() {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    IntentState s = new IntentState();
    s.identityType("AI_AGENT");
    s.lastSeen = t.plusSeconds(900);
    s.putTask("task-9bf8", new IntentState.Task(t, "evt-c-1", t.plusSeconds(60)));
    s.putTask("task-721a", new IntentState.Task(t.plusSeconds(30), "evt-c-2", t.plusSeconds(30)));
    s.putToken(
        "tok-2996fde1",
        new IntentState.TaskToken("task-9bf8", t.minusSeconds(10), null, "evt-i-1"));
    s.putToken(
        "tok-2996ab00", new IntentState.TaskToken("task-721a", t, t.plusSeconds(900), "evt-i-2"));
    s.uses.add(
        new IntentState.Use(
            t.plusSeconds(5), "evt-u-1", "tok-2996fde1", null, "mcp:vault", "10.0.0.5"));
    s.uses.add(
        new IntentState.Use(t.plusSeconds(700), "evt-u-2", null, "task-721a", "github", null));
    s.uses.add(
        new IntentState.Use(
            t.plusSeconds(900), "evt-u-3", "tok-2996fde1", null, "mcp:vault", "10.0.0.5"));
    s.reported.mark("intent|task-9bf8|tok-2996fde1");
    return s;
  }

  private static final String SAMPLE_V2_HEX =
      ""
          + "0201c0e8fd96c46810000931302e302e302e35000941495f4147454e54000865"
          + "76742d632d310602320404692d310602320404752d3106023206023300076769"
          + "74687562001e696e74656e747c7461736b2d396266387c746f6b2d3239393666"
          + "646531000a6d63703a7661756c74000a7461736b2d3732316105053962663801"
          + "0c6f6b2d323939366162303008056664653102020ebfee6d03c0a9070de0d403"
          + "040002100edf8a6f05000f0da09c010601c0ee6d03afa06d0710000c01b0eb54"
          + "08000d0a0080b5180910000c01010b";

  private static final String SAMPLE_V3_HEX =
      ""
          + "0301c0e8fd96c4680a000941495f4147454e5400086576742d632d3106023204"
          + "04692d31060232001e696e74656e747c7461736b2d396266387c746f6b2d3239"
          + "393666646531000a7461736b2d37323161050539626638010c6f6b2d32393936"
          + "61623030080566646531010208bfee6d02c0a90707e0d4030300020a08df8a6f"
          + "04000907a09c010501c0ee6d010603afa06d00086576742d752d3151000d746f"
          + "6b2d3239393666646531000a6d63703a7661756c74000931302e302e302e35b0"
          + "eb5406023214000a7461736b2d37323161000767697468756280b518060233f3";

  private static final String SAMPLE_V4_HEX =
      ""
          + "0401c0e8fd96c4680941495f4147454e5402000a7461736b2d3962663880fa8f"
          + "96c46800086576742d632d31c0a907050537323161e0d4030602320002000d74"
          + "6f6b2d3239393666646531000a7461736b2d39626638e0dd8e96c46800086576"
          + "742d692d3100080561623030050537323161a09c0106023201c0ee6d01001e69"
          + "6e74656e747c7461736b2d396266387c746f6b2d323939366664653103afa06d"
          + "00086576742d752d3151000d746f6b2d3239393666646531000a6d63703a7661"
          + "756c74000931302e302e302e35b0eb5406023214000a7461736b2d3732316100"
          + "0767697468756280b518060233f3";

  @Test
  void anEmptyStateRoundTrips() {
    IntentState back = codec.decode(codec.encode(new IntentState()));
    assertThat(back.lastSeen).isNull();
    assertThat(back.identityType()).isNull();
    assertThat(back.tasks()).isEmpty();
  }

  @Test
  void aCompletedTaskCostsItsTwoIdsAndAFewBytes() {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    IntentState one = new IntentState();
    one.identityType("AI_AGENT");
    one.lastSeen = t;
    IntentState many = new IntentState();
    many.identityType("AI_AGENT");
    many.lastSeen = t;
    for (int i = 0; i < 20; i++) {
      Instant done = t.minusSeconds(3_000L * i);
      many.putTask(
          String.format("task-%012x", 0x9bf8153c506bL * (i + 1)),
          new IntentState.Task(done, "c-" + i, done));
    }
    // Per task: 17-char id less its shared "task-", a 3-char event id, refs and a completion
    // offset.
    int perTask = (codec.encode(many).length - codec.encode(one).length) / 20;
    assertThat(perTask).isLessThanOrEqualTo(24);
  }

  @Test
  void versionOneBytesAreStillReadDroppingTasksNotCompleted() {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    StateOutput out =
        new StateOutput().writeByte(1).writeString("AI_AGENT").writeInstant(t.plusSeconds(400));
    out.writeInt(2);
    out.writeString("task-1")
        .writeInstant(t.plusSeconds(100))
        .writeString("c-1")
        .writeInstant(t.plusSeconds(100));
    out.writeString("task-2").writeInstant(null).writeString(null).writeInstant(t.plusSeconds(200));
    out.writeInt(1).writeString("tok-1").writeString("task-1").writeInstant(t).writeString("i-1");
    out.writeInt(1)
        .writeInstant(t.plusSeconds(400))
        .writeString("u-1")
        .writeString("tok-1")
        .writeString(null)
        .writeString("mcp:vault")
        .writeString("10.0.0.5");
    out.writeInt(1).writeString("intent|task-1|tok-1");

    IntentState s = codec.decode(out.toByteArray());

    assertThat(s.identityType()).isEqualTo("AI_AGENT");
    assertThat(s.lastSeen).isEqualTo(t.plusSeconds(400));
    assertThat(s.tasks()).containsOnlyKeys("task-1");
    assertThat(s.tasks().get("task-1"))
        .isEqualTo(new IntentState.Task(t.plusSeconds(100), "c-1", t.plusSeconds(100)));
    assertThat(s.tokens())
        .containsEntry("tok-1", new IntentState.TaskToken("task-1", t, null, "i-1"));
    assertThat(s.uses)
        .containsExactly(
            new IntentState.Use(t.plusSeconds(400), "u-1", "tok-1", null, "mcp:vault", "10.0.0.5"));
    assertThat(s.reported.mark("intent|task-1|tok-1")).isFalse();
    assertThat(codec.decode(codec.encode(s)).tasks()).isEqualTo(s.tasks());
  }

  @Test
  void bytesThatAreNotAnIntentStateAreRefused() {
    assertThatThrownBy(() -> codec.decode(new byte[] {2, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task intent state has unknown flags 4");
    assertThatThrownBy(() -> codec.decode(new byte[] {5}))
        .hasMessageContaining("task intent state has version 5");
    byte[] valid = codec.encode(new IntentState());
    byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
    assertThatThrownBy(() -> codec.decode(trailing)).hasMessageContaining("bytes past its end");
  }
}
