package dev.vigil.detector.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads what {@link StateOutput} wrote, in the same order; truncated bytes fail with a clear error. */
public final class StateInput {

  private final byte[] bytes;
  private int position;

  public StateInput(byte[] bytes) {
    this.bytes = bytes;
  }

  public int readByte() {
    need(1);
    return bytes[position++];
  }

  public boolean readBoolean() {
    return readByte() != 0;
  }

  public int readInt() {
    need(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (bytes[position++] & 0xff);
    }
    return value;
  }

  public long readLong() {
    need(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[position++] & 0xff);
    }
    return value;
  }

  public String readString() {
    if (!readBoolean()) {
      return null;
    }
    int length = readInt();
    if (length < 0) {
      throw new IllegalStateException("state string length " + length + " at byte " + position);
    }
    need(length);
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  public Instant readInstant() {
    return readBoolean() ? Instant.ofEpochMilli(readLong()) : null;
  }

  /** Reads the leading version byte and refuses versions this codec never wrote. */
  public int readVersion(String stateName, int newestKnown) {
    int version = readByte();
    if (version < 1 || version > newestKnown) {
      throw new IllegalStateException(
          stateName + " state has version " + version + ", this build reads 1.." + newestKnown);
    }
    return version;
  }

  private void need(int count) {
    if (position + count > bytes.length) {
      throw new IllegalStateException(
          "state truncated: need " + count + " bytes at " + position + " of " + bytes.length);
    }
  }
}
