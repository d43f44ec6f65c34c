package dev.vigil.detector.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class StateFormatTest {

  /** Baseline states written before this helper existed used DataOutput.writeUTF: stay byte-equal. */
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
