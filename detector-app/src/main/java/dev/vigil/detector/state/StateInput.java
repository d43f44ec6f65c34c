package dev.vigil.detector.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads what {@link StateOutput} wrote, in the same order. Bytes that cannot be this state (empty,
 * truncated, an unknown version, an impossible count) fail with an {@link IllegalArgumentException}
 * naming the state and what is wrong.
 */
public final class StateInput {

  /**
   * No state holds more entries in one collection than this; a larger count means the bytes are not
   * ours.
   */
  public static final int MAX_COUNT = 1 << 16;

  private final String stateName;
  private final byte[] bytes;
  private int position;

  /** {@code stateName} names the state in errors, e.g. "tool baseline". */
  public StateInput(String stateName, byte[] bytes) {
    this.stateName = stateName;
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException(stateName + " state is empty");
    }
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
    return (int) readBigEndian(4);
  }

  public long readLong() {
    return readBigEndian(8);
  }

  /** The next {@code width} bytes as an unsigned big-endian number. */
  private long readBigEndian(int width) {
    need(width);
    long value = 0;
    for (int i = 0; i < width; i++) {
      value = (value << 8) | (bytes[position++] & 0xff);
    }
    return value;
  }

  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  public long readVarLong() {
    long raw = readVarUnsigned();
    return (raw >>> 1) ^ -(raw & 1);
  }

  public long readVarUnsigned() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw invalid("a varint longer than 64 bits at byte " + position);
  }

  /**
   * A collection size written with {@link StateOutput#writeVarUnsigned}, at most {@link
   * #MAX_COUNT}.
   */
  public int readCount() {
    long n = readVarUnsigned();
    if (n < 0 || n > MAX_COUNT) {
      throw invalid("a count of " + n);
    }
    return (int) n;
  }

  public String readString() {
    if (!readBoolean()) {
      return null;
    }
    int length = readInt();
    if (length < 0) {
      throw invalid("a string length of " + length + " at byte " + position);
    }
    need(length);
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  /** Nullable text written by {@link StateOutput#writeText}. */
  public String readText() {
    long encoded = readVarUnsigned();
    if (encoded == 0) {
      return null;
    }
    long length = encoded - 1;
    if (length > bytes.length - position) {
      throw new IllegalArgumentException(
          stateName
              + " state is truncated: need "
              + length
              + " bytes at "
              + position
              + " of "
              + bytes.length);
    }
    String value = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
    position += (int) length;
    return value;
  }

  /**
   * Text written by {@link StateOutput#writeFrontCoded} against the same {@code previous}; null
   * when null was written.
   */
  public String readFrontCoded(String previous) {
    long shared = readVarUnsigned();
    if (shared < 0 || shared > previous.length()) {
      throw invalid("a shared prefix of " + shared + " past the text before it");
    }
    String rest = readText();
    if (rest == null) {
      if (shared != 0) {
        throw invalid("a shared prefix of " + shared + " before a null text");
      }
      return null;
    }
    return shared == 0 ? rest : previous.substring(0, (int) shared) + rest;
  }

  /** An instant written by {@link StateOutput#writeTime} against the same {@code anchor}. */
  public Instant readTime(Instant anchor) {
    return Instant.ofEpochMilli(anchor.toEpochMilli() + readVarLong());
  }

  /** Text written by {@link StateOutput#writeUtf}. */
  public String readUtf() {
    need(2);
    int length = ((bytes[position++] & 0xff) << 8) | (bytes[position++] & 0xff);
    need(length);
    int end = position + length;
    char[] chars = new char[length];
    int n = 0;
    while (position < end) {
      int a = bytes[position++] & 0xff;
      if (a < 0x80) {
        chars[n++] = (char) a;
      } else if ((a & 0xE0) == 0xC0) {
        chars[n++] = (char) (((a & 0x1F) << 6) | continuation(end));
      } else if ((a & 0xF0) == 0xE0) {
        int b = continuation(end);
        chars[n++] = (char) (((a & 0x0F) << 12) | (b << 6) | continuation(end));
      } else {
        throw invalid("malformed text at byte " + (position - 1));
      }
    }
    return new String(chars, 0, n);
  }

  public Instant readInstant() {
    return readBoolean() ? Instant.ofEpochMilli(readLong()) : null;
  }

  /** Reads the leading version byte and refuses versions this codec never wrote. */
  public int readVersion(int newestKnown) {
    int version = readByte();
    if (version < 1 || version > newestKnown) {
      throw invalid("version " + version + "; this build reads versions 1 to " + newestKnown);
    }
    return version;
  }

  /** Refuses bytes left over once the whole state has been read: they were not written by us. */
  public void expectEnd() {
    if (position < bytes.length) {
      throw invalid((bytes.length - position) + " bytes past its end");
    }
  }

  private int continuation(int end) {
    if (position >= end) {
      throw invalid("malformed text: a character cut at byte " + position);
    }
    int b = bytes[position++] & 0xff;
    if ((b & 0xC0) != 0x80) {
      throw invalid("malformed text at byte " + (position - 1));
    }
    return b & 0x3F;
  }

  private void need(int count) {
    if (count > bytes.length - position) {
      throw new IllegalArgumentException(
          stateName
              + " state is truncated: need "
              + count
              + " bytes at "
              + position
              + " of "
              + bytes.length);
    }
  }

  /** An error naming this state and what is wrong with its bytes. */
  public IllegalArgumentException invalid(String what) {
    return new IllegalArgumentException(stateName + " state has " + what);
  }
}
