package dev.vigil.detector.lateral;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;

/** Version 1 of the audience state's bytes. */
final class AudienceStateCodec implements StateCodec<AudienceState> {

  private static final int VERSION = 1;

  @Override
  public byte[] encode(AudienceState s) {
    StateOutput out = new StateOutput().writeByte(VERSION);
    out.writeString(s.identityId).writeString(s.identityType).writeString(s.audience);
    out.writeInstant(s.issuedAt).writeString(s.issuedEventId).writeInstant(s.lastSeen);
    out.writeInt(s.uses.size());
    s.uses.forEach(
        u -> out.writeInstant(u.time()).writeString(u.eventId()).writeString(u.tool()).writeString(u.ip()));
    s.reported.writeTo(out);
    return out.toByteArray();
  }

  @Override
  public AudienceState decode(byte[] bytes) {
    StateInput in = new StateInput("audience", bytes);
    in.readVersion(VERSION);
    AudienceState s = new AudienceState();
    s.identityId = in.readString();
    s.identityType = in.readString();
    s.audience = in.readString();
    s.issuedAt = in.readInstant();
    s.issuedEventId = in.readString();
    s.lastSeen = in.readInstant();
    for (int i = in.readInt(); i > 0; i--) {
      s.uses.add(
          new AudienceState.Use(in.readInstant(), in.readString(), in.readString(), in.readString()));
    }
    s.reported.readFrom(in);
    return s;
  }
}
