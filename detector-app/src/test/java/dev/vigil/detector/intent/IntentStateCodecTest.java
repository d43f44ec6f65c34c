package dev.vigil.detector.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.state.StateOutput;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
    s.identityType = "AI_AGENT";
    s.lastSeen = last;
    for (int i = 0; i < tasks; i++) {
      Instant done = last.minusMillis((long) spreadMillis * i / 7);
      s.tasks.put(
          "task-" + i,
          new IntentState.Task(done, "c-" + i, i % 4 == 0 ? done.plusMillis(i) : done));
    }
    for (int i = 0; i < tokens; i++) {
      Instant issued = last.minusMillis(Math.abs((long) spreadMillis) / (i + 1));
      s.tokens.put(
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

    assertThat(back.identityType).isEqualTo(s.identityType);
    assertThat(back.lastSeen).isEqualTo(s.lastSeen);
    assertThat(back.tasks).containsExactlyEntriesOf(s.tasks);
    assertThat(back.tokens).containsExactlyEntriesOf(s.tokens);
    assertThat(back.uses).isEqualTo(s.uses);
    assertThat(back.reported.mark("intent|task-1|tok-1")).isFalse();
    assertThat(codec.encode(back)).isEqualTo(codec.encode(s));
  }

  @Test
  void anEmptyStateRoundTrips() {
    IntentState back = codec.decode(codec.encode(new IntentState()));
    assertThat(back.lastSeen).isNull();
    assertThat(back.identityType).isNull();
    assertThat(back.tasks).isEmpty();
  }

  @Test
  void aCompletedTaskCostsItsTwoIdsAndAFewBytes() {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    IntentState one = new IntentState();
    one.identityType = "AI_AGENT";
    one.lastSeen = t;
    IntentState many = new IntentState();
    many.identityType = "AI_AGENT";
    many.lastSeen = t;
    for (int i = 0; i < 20; i++) {
      Instant done = t.minusSeconds(3_000L * i);
      many.tasks.put(
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

    assertThat(s.identityType).isEqualTo("AI_AGENT");
    assertThat(s.lastSeen).isEqualTo(t.plusSeconds(400));
    assertThat(s.tasks).containsOnlyKeys("task-1");
    assertThat(s.tasks.get("task-1"))
        .isEqualTo(new IntentState.Task(t.plusSeconds(100), "c-1", t.plusSeconds(100)));
    assertThat(s.tokens)
        .containsEntry("tok-1", new IntentState.TaskToken("task-1", t, null, "i-1"));
    assertThat(s.uses)
        .containsExactly(
            new IntentState.Use(t.plusSeconds(400), "u-1", "tok-1", null, "mcp:vault", "10.0.0.5"));
    assertThat(s.reported.mark("intent|task-1|tok-1")).isFalse();
    assertThat(codec.decode(codec.encode(s)).tasks).isEqualTo(s.tasks);
  }

  @Test
  void bytesThatAreNotAnIntentStateAreRefused() {
    assertThatThrownBy(() -> codec.decode(new byte[] {2, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task intent state has unknown flags 4");
    assertThatThrownBy(() -> codec.decode(new byte[] {3}))
        .hasMessageContaining("task intent state has version 3");
    byte[] valid = codec.encode(new IntentState());
    byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
    assertThatThrownBy(() -> codec.decode(trailing)).hasMessageContaining("bytes past its end");
  }
}
