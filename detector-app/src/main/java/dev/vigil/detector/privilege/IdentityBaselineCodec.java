package dev.vigil.detector.privilege;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.util.Collection;
import java.util.Map;

/**
 * Binary form of {@link IdentityBaseline}, version 2 (version 1, without evidence and rhythm, is
 * still read: such an identity starts counting its evidence afresh and its rhythm is unknown).
 * Times are written as zig-zag varint offsets from the identity's last-seen time, so a baseline
 * entry costs its text plus two to five bytes; the arithmetic wraps, so the "never" marker
 * round-trips exactly like any other time.
 *
 * <pre>
 * byte    version (2)
 * varlong firstSeen, lastSeen - firstSeen
 * varint  activeDays; varlong lastDay; varint uses, uses since growth     (evidence)
 * varint  longestGap
 * byte    wake present; if 1: varlong lastSeen - wokeAt, wokeAt - silentSince; utf wakeEventId;
 *                             varint wakeLongestGap, wakeActiveDays
 * varint  n, n x (utf privilege, varlong lastSeen - lastUsed)
 * varint  n, n x (utf scope, varlong lastSeen - grantedAt)
 * varlong bucketMillis, lastSeen - bucketStart; varint count, previousCount
 * double  typicalSum, typicalWeight; varlong lastSeen - typicalAt
 * varint  n, n x utf eventId; varint n, n x utf privilege   (evidence of the current bucket)
 * </pre>
 */
final class IdentityBaselineCodec implements StateCodec<IdentityBaseline> {

  static final byte VERSION = 2;

  @Override
  public byte[] encode(IdentityBaseline state) {
    long base = state.lastSeen;
    StateOutput out = new StateOutput().writeByte(VERSION);
    out.writeVarLong(state.firstSeen).writeVarLong(state.lastSeen - state.firstSeen);
    state.evidence.write(out);
    out.writeVarUnsigned(state.longestGap);
    out.writeBoolean(state.hasWake());
    if (state.hasWake()) {
      out.writeVarLong(base - state.wokeAt).writeVarLong(state.wokeAt - state.silentSince);
      out.writeUtf(state.wakeEventId == null ? "" : state.wakeEventId);
      out.writeVarUnsigned(state.wakeLongestGap).writeVarUnsigned(state.wakeActiveDays);
    }
    writeTimes(out, state.privileges, base);
    writeTimes(out, state.granted, base);
    BurstCounter burst = state.burst;
    out.writeVarLong(burst.bucketMillis).writeVarLong(base - burst.bucketStart);
    out.writeVarUnsigned(burst.count).writeVarUnsigned(burst.previousCount);
    out.writeDouble(burst.typicalSum).writeDouble(burst.typicalWeight);
    out.writeVarLong(base - burst.typicalAt);
    writeTexts(out, burst.eventIds);
    writeTexts(out, burst.privileges);
    return out.toByteArray();
  }

  @Override
  public IdentityBaseline decode(byte[] bytes) {
    StateInput in = new StateInput("privilege baseline", bytes);
    int version = in.readVersion(VERSION);
    IdentityBaseline state = new IdentityBaseline(BaselineLimits.DEFAULT_BURST_WINDOW.toMillis());
    state.firstSeen = in.readVarLong();
    state.lastSeen = state.firstSeen + in.readVarLong();
    long base = state.lastSeen;
    if (version >= 2) {
      state.evidence.read(in);
      state.longestGap = in.readVarUnsigned();
    }
    if (in.readBoolean()) {
      state.wokeAt = base - in.readVarLong();
      state.silentSince = state.wokeAt - in.readVarLong();
      state.wakeEventId = in.readUtf();
      if (version >= 2) {
        state.wakeLongestGap = in.readVarUnsigned();
        state.wakeActiveDays = in.readCount();
      }
    }
    readTimes(in, state.privileges, base);
    readTimes(in, state.granted, base);
    BurstCounter burst = state.burst;
    burst.bucketMillis = in.readVarLong();
    if (burst.bucketMillis <= 0) {
      throw new IllegalArgumentException(
          "privilege baseline state has bucket width " + burst.bucketMillis + " ms");
    }
    burst.bucketStart = base - in.readVarLong();
    burst.count = in.readCount();
    burst.previousCount = in.readCount();
    burst.typicalSum = in.readDouble();
    burst.typicalWeight = in.readDouble();
    burst.typicalAt = base - in.readVarLong();
    readTexts(in, burst.eventIds);
    readTexts(in, burst.privileges);
    in.expectEnd();
    return state;
  }

  private static void writeTimes(StateOutput out, Map<String, Long> entries, long base) {
    out.writeVarUnsigned(entries.size());
    entries.forEach((key, time) -> out.writeUtf(key).writeVarLong(base - time));
  }

  private static void readTimes(StateInput in, Map<String, Long> into, long base) {
    for (int i = in.readCount(); i > 0; i--) {
      String key = in.readUtf();
      into.put(key, base - in.readVarLong());
    }
  }

  private static void writeTexts(StateOutput out, Collection<String> texts) {
    out.writeVarUnsigned(texts.size());
    texts.forEach(out::writeUtf);
  }

  private static void readTexts(StateInput in, Collection<String> into) {
    for (int i = in.readCount(); i > 0; i--) {
      into.add(in.readUtf());
    }
  }
}
