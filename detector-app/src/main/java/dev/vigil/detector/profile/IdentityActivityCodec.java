package dev.vigil.detector.profile;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.time.Instant;
import java.util.Map;

/**
 * The activity state's bytes. Version 1: the last event time as an absolute varint, the first as an
 * offset from it, then the tokens and networks, each time an offset from the last event time.
 */
public final class IdentityActivityCodec implements StateCodec<IdentityActivity> {

  private static final int VERSION = 1;

  @Override
  public byte[] encode(IdentityActivity s) {
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    StateOutput out = new StateOutput().writeByte(VERSION).writeBoolean(s.lastSeen != null);
    if (s.lastSeen != null) {
      out.writeTime(s.lastSeen, Instant.EPOCH).writeTime(s.firstSeen, anchor);
    }
    out.writeVarUnsigned(s.tokens.size());
    for (Map.Entry<String, Instant> e : s.tokens.entrySet()) {
      out.writeUtf(e.getKey()).writeTime(e.getValue(), anchor);
    }
    out.writeVarUnsigned(s.networks.size());
    for (Map.Entry<String, IdentityActivity.NetworkUse> e : s.networks.entrySet()) {
      out.writeUtf(e.getKey())
          .writeVarUnsigned(e.getValue().uses())
          .writeTime(e.getValue().lastSeen(), anchor);
    }
    return out.toByteArray();
  }

  @Override
  public IdentityActivity decode(byte[] bytes) {
    StateInput in = new StateInput("identity activity", bytes);
    in.readVersion(VERSION);
    IdentityActivity s = new IdentityActivity();
    Instant anchor = Instant.EPOCH;
    if (in.readBoolean()) {
      s.lastSeen = in.readTime(Instant.EPOCH);
      s.firstSeen = in.readTime(s.lastSeen);
      anchor = s.lastSeen;
    }
    for (int i = in.readCount(); i > 0; i--) {
      s.tokens.put(in.readUtf(), in.readTime(anchor));
    }
    for (int i = in.readCount(); i > 0; i--) {
      String network = in.readUtf();
      long uses = in.readVarUnsigned();
      s.networks.put(network, new IdentityActivity.NetworkUse(uses, in.readTime(anchor)));
    }
    in.expectEnd();
    return s;
  }
}
