package dev.vigil.detector.lateral;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.lateral.ToolBaseline.ToolUse;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.util.Map;

/**
 * Binary form of {@link ToolBaseline}, version 2 (version 1, without evidence, is still read: the
 * identity then counts its evidence afresh). Times are zig-zag varint offsets (from the identity's
 * last-seen time, and for a tool's first use from its last use), so a tool costs its name plus a
 * few bytes, and its evidence event id only while it is in the window. The arithmetic wraps, so the
 * "never" marker round-trips exactly.
 *
 * <pre>
 * byte    version (2)
 * varlong firstSeen, lastSeen - firstSeen
 * varint  activeDays; varlong lastDay; varint uses, uses since growth     (evidence)
 * varint  n, n x (utf tool, varlong lastSeen - lastUsed, varlong lastUsed - since,
 *                 byte evidence present; if 1: utf eventId, varlong lastUsed - enteredAt)
 * </pre>
 */
final class ToolBaselineCodec implements StateCodec<ToolBaseline> {

  static final byte VERSION = 2;

  @Override
  public byte[] encode(ToolBaseline state) {
    StateOutput out = new StateOutput().writeByte(VERSION);
    out.writeVarLong(state.firstSeen).writeVarLong(state.lastSeen - state.firstSeen);
    state.evidence.write(out);
    out.writeVarUnsigned(state.tools.size());
    for (Map.Entry<String, ToolUse> e : state.tools.entrySet()) {
      ToolUse use = e.getValue();
      out.writeUtf(e.getKey());
      out.writeVarLong(state.lastSeen - use.lastUsed).writeVarLong(use.lastUsed - use.since);
      out.writeBoolean(use.windowEventId != null);
      if (use.windowEventId != null) {
        out.writeUtf(use.windowEventId).writeVarLong(use.lastUsed - use.enteredAt);
      }
    }
    return out.toByteArray();
  }

  @Override
  public ToolBaseline decode(byte[] bytes) {
    StateInput in = new StateInput("tool baseline", bytes);
    int version = in.readVersion(VERSION);
    ToolBaseline state = new ToolBaseline();
    state.firstSeen = in.readVarLong();
    state.lastSeen = state.firstSeen + in.readVarLong();
    if (version >= 2) {
      state.evidence.read(in);
    }
    for (int i = in.readCount(); i > 0; i--) {
      String tool = in.readUtf();
      long lastUsed = state.lastSeen - in.readVarLong();
      long since = lastUsed - in.readVarLong();
      String eventId = null;
      long enteredAt = ToolBaseline.NONE;
      if (in.readBoolean()) {
        eventId = in.readUtf();
        enteredAt = lastUsed - in.readVarLong();
      }
      state.tools.put(tool, new ToolUse(since, lastUsed, eventId, enteredAt));
    }
    in.expectEnd();
    return state;
  }
}
