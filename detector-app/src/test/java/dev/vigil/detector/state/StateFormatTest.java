package dev.vigil.detector.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class StateFormatTest {

  /**
   * Baseline states written before this helper existed used DataOutput.writeUTF: stay byte-equal.
   */
  @Property(tries = 500)
  void textIsWrittenExactlyAsDataOutputWritesItAndReadBack(
      @ForAll @StringLength(max = 40) String text) throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    new DataOutputStream(expected).writeUTF(text);

    byte[] bytes = new StateOutput().writeUtf(text).toByteArray();

    assertThat(bytes).isEqualTo(expected.toByteArray());
    StateInput in = new StateInput("test", bytes);
    assertThat(in.readUtf()).isEqualTo(text);
    in.expectEnd();
  }

  @Property(tries = 500)
  void anyLongRoundTripsAsAVarintAndSmallOffsetsStaySmall(@ForAll long value) {
    byte[] bytes =
        new StateOutput()
            .writeVarLong(value)
            .writeVarLong(Long.MIN_VALUE)
            .writeVarLong(-1)
            .writeVarUnsigned(value)
            .toByteArray();

    StateInput in = new StateInput("test", bytes);
    assertThat(in.readVarLong()).isEqualTo(value);
    assertThat(in.readVarLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(in.readVarLong()).isEqualTo(-1);
    assertThat(in.readVarUnsigned()).isEqualTo(value);
    in.expectEnd();
    assertThat(new StateOutput().writeVarLong(-63).writeVarLong(63).toByteArray()).hasSize(2);
  }

  @Property(tries = 300)
  void textTimesAndTableReferencesRoundTrip(
      @ForAll @StringLength(max = 30) String a,
      @ForAll @StringLength(max = 30) String b,
      @ForAll long anchorMillis,
      @ForAll int offsetMillis) {
    java.time.Instant anchor = java.time.Instant.ofEpochMilli(anchorMillis >> 2);
    java.time.Instant time = anchor.plusMillis(offsetMillis);
    TextTable table = new TextTable().add(a).add(b).add(a).add(null);
    StateOutput out = new StateOutput().writeText(a).writeText(null).writeTime(time, anchor);
    table.writeTo(out);
    table.writeRef(out, b);
    table.writeRef(out, null);
    table.writeRef(out, a);

    StateInput in = new StateInput("test", out.toByteArray());
    assertThat(in.readText()).isEqualTo(a);
    assertThat(in.readText()).isNull();
    assertThat(in.readTime(anchor)).isEqualTo(time);
    TextTable read = TextTable.readFrom(in);
    assertThat(read.readRef(in)).isEqualTo(b);
    assertThat(read.readRef(in)).isNull();
    assertThat(read.readRef(in)).isEqualTo(a);
    in.expectEnd();
  }

  /**
   * A front-coded table (written by the task-intent state's versions 2 and 3) is read as the recipe
   * wrote it: distinct texts, sorted, each after the prefix it shares with the one before, and a
   * reference the sorted position plus one.
   */
  @Property(tries = 500)
  void aFrontCodedTableIsReadAsThePlainRecipeWroteIt(
      @ForAll List<@StringLength(max = 12) String> texts) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(texts));
    StateOutput out = frontCoded(sorted);
    texts.forEach(t -> out.writeVarUnsigned(sorted.indexOf(t) + 1));
    out.writeVarUnsigned(0);

    StateInput in = new StateInput("test", out.toByteArray());
    TextTable read = TextTable.readFrontCodedFrom(in);
    for (String text : texts) {
      assertThat(read.readRef(in)).isEqualTo(text);
    }
    assertThat(read.readRef(in)).isNull();
    in.expectEnd();
  }

  /** The plain recipe of a front-coded table, written here independently of the reader. */
  private static StateOutput frontCoded(List<String> sorted) {
    StateOutput out = new StateOutput().writeVarUnsigned(sorted.size());
    String before = "";
    for (String text : sorted) {
      int shared = 0;
      while (shared < Math.min(before.length(), text.length())
          && before.charAt(shared) == text.charAt(shared)) {
        shared++;
      }
      if (shared > 0 && Character.isHighSurrogate(text.charAt(shared - 1))) {
        shared--;
      }
      out.writeVarUnsigned(shared).writeText(text.substring(shared));
      before = text;
    }
    return out;
  }

  @Property(tries = 500)
  void theRestOfATextIsWrittenAsItsSubstringWouldBe(
      @ForAll @StringLength(max = 30) String text, @ForAll @IntRange(max = 30) int from) {
    int at = Math.min(from, text.length());
    assertThat(new StateOutput().writeTextFrom(text, at).toByteArray())
        .isEqualTo(new StateOutput().writeText(text.substring(at)).toByteArray());
  }

  @Test
  void aTableReadFromBytesFindsItsTextsToReferToThem() {
    StateOutput out = frontCoded(List.of("tok-1", "tok-2"));
    TextTable read = TextTable.readFrontCodedFrom(new StateInput("test", out.toByteArray()));
    StateOutput refs = new StateOutput();
    read.writeRef(refs, "tok-2");
    read.writeRef(refs, "tok-1");
    assertThat(refs.toByteArray()).containsExactly(2, 1);
  }

  @Test
  void aFrontCodedTableRefusesASharedPrefixLongerThanTheTextBefore() {
    StateOutput bad = new StateOutput().writeVarUnsigned(1).writeVarUnsigned(3).writeText("x");
    assertThatThrownBy(
            () -> TextTable.readFrontCodedFrom(new StateInput("task intent", bad.toByteArray())))
        .hasMessage(
            "task intent state has a shared prefix of 3 past the text before it in its text table");
  }

  @Test
  void aTimeNearItsAnchorTakesThreeBytesAndATableRefOne() {
    java.time.Instant anchor = java.time.Instant.parse("2026-11-28T09:00:00Z");
    assertThat(new StateOutput().writeTime(anchor.minusSeconds(900), anchor).toByteArray())
        .hasSize(3);
    TextTable table = new TextTable().add("spiffe://prod/ns/ci/sa/deployer");
    StateOutput out = new StateOutput();
    table.writeRef(out, "spiffe://prod/ns/ci/sa/deployer");
    assertThat(out.toByteArray()).hasSize(1);
  }

  @Test
  void aTableReferencePastTheTableOrAnUnaddedTextIsRefused() {
    StateOutput out = new StateOutput();
    new TextTable().add("x").writeTo(out);
    out.writeVarUnsigned(5);
    StateInput in = new StateInput("token replay", out.toByteArray());
    TextTable table = TextTable.readFrom(in);
    assertThatThrownBy(() -> table.readRef(in))
        .hasMessage("token replay state has a text reference 5 past its table of 1");
    assertThatThrownBy(() -> new TextTable().writeRef(new StateOutput(), "y"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("y");
  }

  @Test
  void badBytesAreRefusedNamingTheStateAndTheFault() {
    assertThatThrownBy(() -> new StateInput("tool baseline", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool baseline state is empty");
    assertThatThrownBy(() -> new StateInput("audience", new byte[] {7}).readVersion(1))
        .hasMessageContaining("audience state has version 7");
    assertThatThrownBy(() -> new StateInput("x", new byte[] {1, 0, 0, 0x7f, -1}).readString())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x state is truncated");
    byte[] hugeCount = new StateOutput().writeVarUnsigned(StateInput.MAX_COUNT + 1L).toByteArray();
    assertThatThrownBy(() -> new StateInput("x", hugeCount).readCount())
        .hasMessageContaining("a count of 65537");
    assertThatThrownBy(() -> new StateInput("x", new byte[] {0, 2, (byte) 0xC3, 0x41}).readUtf())
        .hasMessageContaining("malformed text");
    StateInput trailing = new StateInput("x", new byte[] {1, 2});
    trailing.readByte();
    assertThatThrownBy(trailing::expectEnd).hasMessageContaining("1 bytes past its end");
  }
}
