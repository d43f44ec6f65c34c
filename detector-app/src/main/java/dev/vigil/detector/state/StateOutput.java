package dev.vigil.detector.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes detector state compactly into a growable array: big-endian numbers, UTF-8 strings with a
 * length prefix, and a presence flag before every nullable value, so codecs stay small and
 * symmetrical with {@link StateInput}. State is written on every event, so this avoids streams and
 * per-call allocation.
 */
public final class StateOutput {

  private byte[] buffer = new byte[128];
  private int size;

  public StateOutput writeByte(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public StateOutput writeBoolean(boolean value) {
    return writeByte(value ? 1 : 0);
  }

  public StateOutput writeInt(int value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public StateOutput writeLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public StateOutput writeString(String value) {
    writeBoolean(value != null);
    if (value != null) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      writeInt(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buffer, size, utf8.length);
      size += utf8.length;
    }
    return this;
  }

  /** An instant at millisecond precision, or null. */
  public StateOutput writeInstant(Instant value) {
    writeBoolean(value != null);
    if (value != null) {
      writeLong(value.toEpochMilli());
    }
    return this;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
