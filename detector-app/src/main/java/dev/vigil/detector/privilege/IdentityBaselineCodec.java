package dev.vigil.detector.privilege;

import dev.vigil.detector.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * Binary form of {@link IdentityBaseline}, version 1. Times are written as zig-zag varint offsets
 * from the identity's last-seen time, so a baseline entry costs its text plus two to five bytes;
 * the arithmetic wraps, so the "never" marker round-trips exactly like any other time.
 *
 * <pre>
 * byte    version (1)
 * varlong firstSeen, lastSeen - firstSeen
 * byte    wake present; if 1: varlong lastSeen - wokeAt, wokeAt - silentSince; utf wakeEventId
 * varint  n, n x (utf privilege, varlong lastSeen - lastUsed)
 * varint  n, n x (utf scope, varlong lastSeen - grantedAt)
 * varlong bucketMillis, lastSeen - bucketStart; varint count, previousCount
 * double  typicalSum, typicalWeight; varlong lastSeen - typicalAt
 * varint  n, n x utf eventId; varint n, n x utf privilege   (evidence of the current bucket)
 * </pre>
 */
final class IdentityBaselineCodec implements StateCodec<IdentityBaseline> {

  static final byte VERSION = 1;

  /** No state holds more entries than this; a larger count means the bytes are not ours. */
  private static final int MAX_COUNT = 1 << 16;

  @Override
  public byte[] encode(IdentityBaseline state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      long base = state.lastSeen;
      out.writeByte(VERSION);
      writeLong(out, state.firstSeen);
      writeLong(out, state.lastSeen - state.firstSeen);
      out.writeBoolean(state.hasWake());
      if (state.hasWake()) {
        writeLong(out, base - state.wokeAt);
        writeLong(out, state.wokeAt - state.silentSince);
        out.writeUTF(state.wakeEventId == null ? "" : state.wakeEventId);
      }
      writeTimes(out, state.privileges, base);
      writeTimes(out, state.granted, base);
      BurstCounter burst = state.burst;
      writeLong(out, burst.bucketMillis);
      writeLong(out, base - burst.bucketStart);
      writeCount(out, burst.count);
      writeCount(out, burst.previousCount);
      out.writeDouble(burst.typicalSum);
      out.writeDouble(burst.typicalWeight);
      writeLong(out, base - burst.typicalAt);
      writeTexts(out, burst.eventIds);
      writeTexts(out, burst.privileges);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public IdentityBaseline decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("privilege baseline state is empty");
    }
    if (bytes[0] != VERSION) {
      throw new IllegalArgumentException(
          "privilege baseline state has version "
              + bytes[0]
              + "; this build reads version "
              + VERSION);
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
      long firstSeen = readLong(in);
      long lastSeen = firstSeen + readLong(in);
      long base = lastSeen;
      boolean wake = in.readBoolean();
      long wokeAt = IdentityBaseline.NONE;
      long silentSince = IdentityBaseline.NONE;
      String wakeEventId = null;
      if (wake) {
        wokeAt = base - readLong(in);
        silentSince = wokeAt - readLong(in);
        wakeEventId = in.readUTF();
      }
      IdentityBaseline state = new IdentityBaseline(BaselineLimits.DEFAULT_BURST_WINDOW.toMillis());
      state.firstSeen = firstSeen;
      state.lastSeen = lastSeen;
      state.wokeAt = wokeAt;
      state.silentSince = silentSince;
      state.wakeEventId = wakeEventId;
      readTimes(in, state.privileges, base);
      readTimes(in, state.granted, base);
      BurstCounter burst = state.burst;
      burst.bucketMillis = readLong(in);
      if (burst.bucketMillis <= 0) {
        throw new IllegalArgumentException(
            "privilege baseline state has bucket width " + burst.bucketMillis + " ms");
      }
      burst.bucketStart = base - readLong(in);
      burst.count = readCount(in);
      burst.previousCount = readCount(in);
      burst.typicalSum = in.readDouble();
      burst.typicalWeight = in.readDouble();
      burst.typicalAt = base - readLong(in);
      readTexts(in, burst.eventIds);
      readTexts(in, burst.privileges);
      if (in.available() > 0) {
        throw new IllegalArgumentException(
            "privilege baseline state has " + in.available() + " bytes past its end");
      }
      return state;
    } catch (IOException e) {
      throw new IllegalArgumentException("privilege baseline state is truncated: " + e, e);
    }
  }

  private static void writeTimes(DataOutput out, Map<String, Long> entries, long base)
      throws IOException {
    writeCount(out, entries.size());
    for (Map.Entry<String, Long> e : entries.entrySet()) {
      out.writeUTF(e.getKey());
      writeLong(out, base - e.getValue());
    }
  }

  private static void readTimes(DataInput in, Map<String, Long> into, long base)
      throws IOException {
    int n = readCount(in);
    for (int i = 0; i < n; i++) {
      String key = in.readUTF();
      into.put(key, base - readLong(in));
    }
  }

  private static void writeTexts(DataOutput out, Collection<String> texts) throws IOException {
    writeCount(out, texts.size());
    for (String text : texts) {
      out.writeUTF(text);
    }
  }

  private static void readTexts(DataInput in, Collection<String> into) throws IOException {
    int n = readCount(in);
    for (int i = 0; i < n; i++) {
      into.add(in.readUTF());
    }
  }

  private static void writeCount(DataOutput out, int n) throws IOException {
    writeUnsigned(out, n);
  }

  private static int readCount(DataInput in) throws IOException {
    long n = readUnsigned(in);
    if (n < 0 || n > MAX_COUNT) {
      throw new IllegalArgumentException("privilege baseline state has a count of " + n);
    }
    return (int) n;
  }

  /** Zig-zag: small offsets of either sign take few bytes. */
  private static void writeLong(DataOutput out, long value) throws IOException {
    writeUnsigned(out, (value << 1) ^ (value >> 63));
  }

  private static long readLong(DataInput in) throws IOException {
    long raw = readUnsigned(in);
    return (raw >>> 1) ^ -(raw & 1);
  }

  private static void writeUnsigned(DataOutput out, long value) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  private static long readUnsigned(DataInput in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("privilege baseline state has a varint longer than 64 bits");
  }
}
