package dev.vigil.detector.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes detector state compactly into a growable array, symmetrical with {@link StateInput}, for
 * every state codec. Two families of values, because codecs chose between them and stored bytes
 * must stay readable:
 *
 * <ul>
 *   <li>fixed width: big-endian numbers, and nullable UTF-8 strings and instants behind a presence
 *       flag ({@link #writeString}, {@link #writeInstant});
 *   <li>variable width: zig-zag and unsigned varints for times as small offsets and for counts, and
 *       non-null text in {@link java.io.DataOutput#writeUTF}'s modified UTF-8 ({@link #writeUtf}).
 * </ul>
 *
 * State is written on every event, so this avoids streams and per-call allocation.
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

  public StateOutput writeDouble(double value) {
    return writeLong(Double.doubleToLongBits(value));
  }

  /**
   * Zig-zag varint: a small offset of either sign takes few bytes; wraps, so any long round-trips.
   */
  public StateOutput writeVarLong(long value) {
    return writeVarUnsigned((value << 1) ^ (value >> 63));
  }

  /** Unsigned varint, seven bits a byte, low bits first, high bit set on all but the last. */
  public StateOutput writeVarUnsigned(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
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

  /**
   * Non-null text as {@link java.io.DataOutput#writeUTF} writes it: an unsigned 16-bit byte count,
   * then modified UTF-8 (NUL as two bytes, each UTF-16 unit of a surrogate pair as three).
   */
  public StateOutput writeUtf(String value) {
    int length = 0;
    for (int i = 0; i < value.length(); i++) {
      length += utfWidth(value.charAt(i));
    }
    if (length > 0xFFFF) {
      throw new IllegalArgumentException(
          "state text of "
              + length
              + " bytes is longer than 65535: "
              + value.substring(0, 32)
              + "...");
    }
    ensure(2 + length);
    buffer[size++] = (byte) (length >>> 8);
    buffer[size++] = (byte) length;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (utfWidth(c)) {
        case 1 -> buffer[size++] = (byte) c;
        case 2 -> {
          buffer[size++] = (byte) (0xC0 | (c >> 6));
          buffer[size++] = (byte) (0x80 | (c & 0x3F));
        }
        default -> {
          buffer[size++] = (byte) (0xE0 | (c >> 12));
          buffer[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buffer[size++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }
    return this;
  }

  /**
   * Nullable text, compactly: an unsigned varint of the UTF-8 byte count plus one (zero is null),
   * then the bytes. Read with {@link StateInput#readText}.
   */
  public StateOutput writeText(String value) {
    if (value == null) {
      return writeVarUnsigned(0);
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarUnsigned(utf8.length + 1L);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buffer, size, utf8.length);
    size += utf8.length;
    return this;
  }

  /**
   * Nullable text front-coded against {@code previous} (non-null; "" when there is none): the count
   * of chars the two share at their start, then the rest with {@link #writeText}. Ids of one scheme
   * written one after another (sorted, or in time order) take a few bytes each. Read with {@link
   * StateInput#readFrontCoded}.
   */
  public StateOutput writeFrontCoded(String value, String previous) {
    if (value == null) {
      return writeVarUnsigned(0).writeText(null);
    }
    int shared = sharedPrefix(previous, value);
    return writeVarUnsigned(shared).writeTextFrom(value, shared);
  }

  /** Chars two texts share at their start, never ending inside a surrogate pair. */
  static int sharedPrefix(String a, String b) {
    int max = Math.min(a.length(), b.length());
    int n = 0;
    while (n < max && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n > 0 && Character.isHighSurrogate(a.charAt(n - 1)) ? n - 1 : n;
  }

  /**
   * The same bytes as {@code writeText(value.substring(from))}, without copying the rest of an
   * ASCII text (every id a front-coded table holds, in practice) into a new string and array first.
   */
  public StateOutput writeTextFrom(String value, int from) {
    int length = value.length() - from;
    for (int i = from; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return writeText(value.substring(from));
      }
    }
    writeVarUnsigned(length + 1L);
    ensure(length);
    for (int i = from; i < value.length(); i++) {
      buffer[size++] = (byte) value.charAt(i);
    }
    return this;
  }

  /**
   * A non-null instant at millisecond precision as a zig-zag varint offset from {@code anchor}: a
   * time close to the anchor (a use minutes before the token's last activity) takes two or three
   * bytes, an absolute epoch time (anchor {@link Instant#EPOCH}) six.
   */
  public StateOutput writeTime(Instant value, Instant anchor) {
    return writeVarLong(value.toEpochMilli() - anchor.toEpochMilli());
  }

  /** An instant at millisecond precision, or null. */
  public StateOutput writeInstant(Instant value) {
    writeBoolean(value != null);
    if (value != null) {
      writeLong(value.toEpochMilli());
    }
    return this;
  }

  /**
   * Bytes {@code from} to {@code to} of another output's, as they were: a codec that keeps the
   * bytes of parts of its state that did not change copies them instead of writing them again.
   */
  public StateOutput writeBytes(byte[] bytes, int from, int to) {
    ensure(to - from);
    System.arraycopy(bytes, from, buffer, size, to - from);
    size += to - from;
    return this;
  }

  /** How many bytes have been written so far. */
  public int size() {
    return size;
  }

  /** A copy of the bytes written from {@code from} on. */
  public byte[] bytesFrom(int from) {
    return Arrays.copyOfRange(buffer, from, size);
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private static int utfWidth(char c) {
    return c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
