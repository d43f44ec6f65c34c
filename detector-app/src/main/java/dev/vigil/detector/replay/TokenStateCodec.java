package dev.vigil.detector.replay;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;

/** Version 1 of the token state's bytes. */
final class TokenStateCodec implements StateCodec<TokenState> {

  private static final int VERSION = 1;

  @Override
  public byte[] encode(TokenState s) {
    StateOutput out = new StateOutput().writeByte(VERSION);
    out.writeString(s.identityId).writeString(s.identityType);
    out.writeInt(s.bindings.size());
    s.bindings.forEach(
        b -> out.writeInstant(b.time()).writeString(b.eventId()).writeString(b.workloadId()).writeString(b.binding()));
    out.writeInstant(s.expiresAt).writeInstant(s.revokedAt).writeString(s.revokedEventId);
    out.writeInstant(s.lastSeen);
    out.writeBoolean(s.firstAttested != null);
    if (s.firstAttested != null) {
      writeUse(out, s.firstAttested);
    }
    out.writeInt(s.uses.size());
    s.uses.forEach(u -> writeUse(out, u));
    s.reported.writeTo(out);
    return out.toByteArray();
  }

  @Override
  public TokenState decode(byte[] bytes) {
    StateInput in = new StateInput("token replay", bytes);
    in.readVersion(VERSION);
    TokenState s = new TokenState();
    s.identityId = in.readString();
    s.identityType = in.readString();
    for (int i = in.readInt(); i > 0; i--) {
      s.bindings.add(new TokenState.Binding(in.readInstant(), in.readString(), in.readString(), in.readString()));
    }
    s.expiresAt = in.readInstant();
    s.revokedAt = in.readInstant();
    s.revokedEventId = in.readString();
    s.lastSeen = in.readInstant();
    if (in.readBoolean()) {
      s.firstAttested = readUse(in);
    }
    int uses = in.readInt();
    for (int i = 0; i < uses; i++) {
      s.uses.add(readUse(in));
    }
    s.reported.readFrom(in);
    return s;
  }

  private static void writeUse(StateOutput out, TokenUse u) {
    out.writeInstant(u.time()).writeString(u.eventId()).writeBoolean(u.successful());
    out.writeString(u.tool()).writeString(u.ip());
    out.writeString(u.workloadId()).writeString(u.binding());
    out.writeString(u.network()).writeString(u.country());
  }

  private static TokenUse readUse(StateInput in) {
    return new TokenUse(
        in.readInstant(),
        in.readString(),
        in.readBoolean(),
        in.readString(),
        in.readString(),
        in.readString(),
        in.readString(),
        in.readString(),
        in.readString());
  }
}
