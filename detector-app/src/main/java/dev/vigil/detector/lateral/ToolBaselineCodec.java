package dev.vigil.detector.lateral;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.lateral.ToolBaseline.ToolUse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Binary form of {@link ToolBaseline}, version 1. Times are zig-zag varint offsets (from the
 * identity's last-seen time, and for a tool's first use from its last use), so a tool costs its
 * name plus a few bytes, and its evidence event id only while it is in the window. The arithmetic
 * wraps, so the "never" marker round-trips exactly.
 *
 * <pre>
 * byte    version (1)
 * varlong firstSeen, lastSeen - firstSeen
 * varint  n, n x (utf tool, varlong lastSeen - lastUsed, varlong lastUsed - since,
 *                 byte evidence present; if 1: utf eventId, varlong lastUsed - enteredAt)
 * </pre>
 */
final class ToolBaselineCodec implements StateCodec<ToolBaseline> {

  static final byte VERSION = 1;

  /** No state holds more tools than this; a larger count means the bytes are not ours. */
  private static final int MAX_COUNT = 1 << 16;

  @Override
  public byte[] encode(ToolBaseline state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeLong(out, state.firstSeen);
      writeLong(out, state.lastSeen - state.firstSeen);
      writeUnsigned(out, state.tools.size());
      for (Map.Entry<String, ToolUse> e : state.tools.entrySet()) {
        ToolUse use = e.getValue();
        out.writeUTF(e.getKey());
        writeLong(out, state.lastSeen - use.lastUsed);
        writeLong(out, use.lastUsed - use.since);
        out.writeBoolean(use.windowEventId != null);
        if (use.windowEventId != null) {
          out.writeUTF(use.windowEventId);
          writeLong(out, use.lastUsed - use.enteredAt);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public ToolBaseline decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("tool baseline state is empty");
    }
    if (bytes[0] != VERSION) {
      throw new IllegalArgumentException(
          "tool baseline state has version " + bytes[0] + "; this build reads version " + VERSION);
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
      ToolBaseline state = new ToolBaseline();
      state.firstSeen = readLong(in);
      state.lastSeen = state.firstSeen + readLong(in);
      long n = readUnsigned(in);
      if (n < 0 || n > MAX_COUNT) {
        throw new IllegalArgumentException("tool baseline state has a count of " + n);
      }
      for (long i = 0; i < n; i++) {
        String tool = in.readUTF();
        long lastUsed = state.lastSeen - readLong(in);
        long since = lastUsed - readLong(in);
        String eventId = null;
        long enteredAt = ToolBaseline.NONE;
        if (in.readBoolean()) {
          eventId = in.readUTF();
          enteredAt = lastUsed - readLong(in);
        }
        state.tools.put(tool, new ToolUse(since, lastUsed, eventId, enteredAt));
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException(
            "tool baseline state has " + in.available() + " bytes past its end");
      }
      return state;
    } catch (IOException e) {
      throw new IllegalArgumentException("tool baseline state is truncated: " + e, e);
    }
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
    throw new IllegalArgumentException("tool baseline state has a varint longer than 64 bits");
  }
}
