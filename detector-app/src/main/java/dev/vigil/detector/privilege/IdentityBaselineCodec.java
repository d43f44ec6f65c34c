package dev.vigil.detector.privilege;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of {@link IdentityBaseline}, version 3. Older versions are still read: version 1,
 * without evidence and rhythm (the identity starts counting its evidence afresh, its rhythm is
 * unknown), and versions 1 and 2 without the rates per permission (learnt afresh; the permissions
 * their current bucket listed are dropped, and their previous bucket, already in the typical rate
 * then, is folded in once more when it leaves the window: one bucket among the horizon's). Times
 * are written as zig-zag varint offsets from the identity's last-seen time, so a baseline entry
 * costs its text plus two to five bytes; the arithmetic wraps, so the "never" marker round-trips
 * exactly like any other time.
 *
 * <pre>
 * byte    version (3)
 * varlong firstSeen, lastSeen - firstSeen
 * varint  activeDays; varlong lastDay; varint uses, uses since growth     (evidence)
 * varint  longestGap
 * byte    wake present; if 1: varlong lastSeen - wokeAt, wokeAt - silentSince; utf wakeEventId;
 *                             varint wakeLongestGap, wakeActiveDays
 * varint  n, n x (utf privilege, varlong lastSeen - lastUsed)
 * varint  n, n x (utf scope, varlong lastSeen - grantedAt)
 * varlong bucketMillis, lastSeen - bucketStart; varint count, previousCount
 * int     typicalSum, typicalWeight as float bits; varlong lastSeen - typicalAt
 * varint  n, n x utf eventId                                 (evidence of the current bucket)
 * varint  n, n x (varint permission: 1 + its index in the privileges above, or 0 then utf;
 *                 varint count, previous; int sum, weight as float bits)   (rates per permission)
 * </pre>
 *
 * Versions 1 and 2 wrote the typical sum and weight as doubles and ended with {@code varint n, n x
 * utf privilege} (the current bucket's permissions) instead of the rates.
 */
final class IdentityBaselineCodec implements StateCodec<IdentityBaseline> {

  static final byte VERSION = 3;

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
    out.writeInt(Float.floatToIntBits(burst.typicalSum));
    out.writeInt(Float.floatToIntBits(burst.typicalWeight));
    out.writeVarLong(base - burst.typicalAt);
    writeTexts(out, burst.eventIds);
    writeRates(out, burst.rates, state.privileges);
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
    if (version >= 3) {
      burst.typicalSum = Float.intBitsToFloat(in.readInt());
      burst.typicalWeight = Float.intBitsToFloat(in.readInt());
    } else {
      burst.typicalSum = (float) in.readDouble();
      burst.typicalWeight = (float) in.readDouble();
    }
    burst.typicalAt = base - in.readVarLong();
    readTexts(in, burst.eventIds);
    if (version >= 3) {
      readRates(in, burst.rates, state.privileges);
    } else {
      readTexts(in, new ArrayList<>());
    }
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

  /**
   * A permission with a rate has usually succeeded within the horizon too, so it is written as its
   * place among the privileges (one byte) rather than its text again.
   */
  private static void writeRates(
      StateOutput out, Map<String, PrivilegeRate> rates, Map<String, Long> privileges) {
    out.writeVarUnsigned(rates.size());
    if (rates.isEmpty()) {
      return;
    }
    Map<String, Integer> places = new HashMap<>();
    int place = 1;
    for (String privilege : privileges.keySet()) {
      if (rates.containsKey(privilege)) {
        places.put(privilege, place);
      }
      place++;
    }
    rates.forEach(
        (privilege, rate) -> {
          Integer at = places.get(privilege);
          out.writeVarUnsigned(at == null ? 0 : at);
          if (at == null) {
            out.writeUtf(privilege);
          }
          out.writeVarUnsigned(rate.count).writeVarUnsigned(rate.previous);
          out.writeInt(Float.floatToIntBits(rate.sum));
          out.writeInt(Float.floatToIntBits(rate.weight));
        });
  }

  private static void readRates(
      StateInput in, Map<String, PrivilegeRate> into, Map<String, Long> privileges) {
    int n = in.readCount();
    if (n == 0) {
      return;
    }
    List<String> places = new ArrayList<>(privileges.keySet());
    for (int i = 0; i < n; i++) {
      int at = in.readCount();
      String privilege;
      if (at == 0) {
        privilege = in.readUtf();
      } else if (at <= places.size()) {
        privilege = places.get(at - 1);
      } else {
        throw new IllegalArgumentException(
            "privilege baseline state refers to privilege " + at + " of " + places.size());
      }
      PrivilegeRate rate = new PrivilegeRate();
      rate.count = in.readCount();
      rate.previous = in.readCount();
      rate.sum = Float.intBitsToFloat(in.readInt());
      rate.weight = Float.intBitsToFloat(in.readInt());
      into.put(privilege, rate);
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
