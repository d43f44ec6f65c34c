package dev.vigil.detector.baseline;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.baseline.PeerBaseline.Term;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.util.Map;

/**
 * Binary form of {@link PeerBaseline}, version 2. Times are zig-zag varint offsets from the group's
 * last-seen time; member fingerprints four bytes each, slot sets eight.
 *
 * <pre>
 * byte    version (2)
 * utf     group
 * varlong lastSeen, lastSeen - generationStart
 * varint  n, n x int fingerprint            (current generation, slot order)
 * varint  n, n x varint windows per bin     (current generation; version 2)
 * varint  n, n x int fingerprint            (previous generation)
 * varint  n, n x varint windows per bin     (previous generation; version 2)
 * varint  n, n x (utf term, varlong lastSeen - lastUsed, long users, long previousUsers)
 * </pre>
 *
 * Version 1 (no window counts) is still read: a group stored before it learns windows from empty.
 */
public final class PeerBaselineCodec implements StateCodec<PeerBaseline> {

  static final byte VERSION = 2;

  @Override
  public byte[] encode(PeerBaseline state) {
    long base = state.lastSeen;
    StateOutput out = new StateOutput().writeByte(VERSION);
    out.writeUtf(state.group == null ? "" : state.group);
    out.writeVarLong(base).writeVarLong(base - state.generationStart);
    writeGeneration(out, state.current);
    writeGeneration(out, state.previous);
    out.writeVarUnsigned(state.terms.size());
    for (Map.Entry<String, Term> e : state.terms.entrySet()) {
      Term term = e.getValue();
      out.writeUtf(e.getKey()).writeVarLong(base - term.lastUsed);
      out.writeLong(term.users).writeLong(term.previousUsers);
    }
    return out.toByteArray();
  }

  @Override
  public PeerBaseline decode(byte[] bytes) {
    StateInput in = new StateInput("peer baseline", bytes);
    int version = in.readVersion(VERSION);
    String group = in.readUtf();
    PeerBaseline state = new PeerBaseline(group.isEmpty() ? null : group);
    state.lastSeen = in.readVarLong();
    state.generationStart = state.lastSeen - in.readVarLong();
    state.current = readGeneration(in, version);
    state.previous = readGeneration(in, version);
    for (int i = in.readCount(); i > 0; i--) {
      String term = in.readUtf();
      long lastUsed = state.lastSeen - in.readVarLong();
      state.terms.put(term, new Term(in.readLong(), in.readLong(), lastUsed));
    }
    in.expectEnd();
    return state;
  }

  private static void writeGeneration(StateOutput out, PeerBaseline.Generation generation) {
    out.writeVarUnsigned(generation.members.length);
    for (int fingerprint : generation.members) {
      out.writeInt(fingerprint);
    }
    generation.windows.write(out);
  }

  private static PeerBaseline.Generation readGeneration(StateInput in, int version) {
    int n = in.readCount();
    if (n > PeerBaseline.SLOTS) {
      throw new IllegalArgumentException("peer baseline state has " + n + " member slots");
    }
    PeerBaseline.Generation generation = new PeerBaseline.Generation();
    generation.members = new int[n];
    for (int i = 0; i < n; i++) {
      generation.members[i] = in.readInt();
    }
    if (version >= 2) {
      generation.windows = WindowCounts.read(in);
    }
    return generation;
  }
}
