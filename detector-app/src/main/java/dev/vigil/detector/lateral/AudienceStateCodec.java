package dev.vigil.detector.lateral;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.detector.state.TextTable;
import java.time.Instant;

/**
 * The audience state's bytes. Version 2 (written): a presence-flags byte, the last activity as an
 * absolute millisecond varint and the other instants as offsets from it, and the texts once in a
 * {@link TextTable}. Version 1 (read only) held fixed-width fields and the holder's identity, now
 * taken from the event judged.
 */
final class AudienceStateCodec implements StateCodec<AudienceState> {

  private static final int VERSION = 2;

  private static final int HAS_LAST_SEEN = 1;
  private static final int HAS_ISSUANCE = 1 << 1;
  private static final int HAS_EXPIRY = 1 << 2;

  @Override
  public byte[] encode(AudienceState s) {
    TextTable table = new TextTable().add(s.audience).add(s.issuedEventId);
    s.uses.forEach(u -> table.add(u.eventId()).add(u.tool()).add(u.ip()));
    s.reported.addTo(table);
    int flags =
        (s.lastSeen != null ? HAS_LAST_SEEN : 0)
            | (s.issuedAt != null ? HAS_ISSUANCE : 0)
            | (s.expiresAt != null ? HAS_EXPIRY : 0);
    StateOutput out = new StateOutput().writeByte(VERSION).writeByte(flags);
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    if (s.lastSeen != null) {
      out.writeTime(s.lastSeen, Instant.EPOCH);
    }
    if (s.issuedAt != null) {
      out.writeTime(s.issuedAt, anchor);
    }
    if (s.expiresAt != null) {
      out.writeTime(s.expiresAt, anchor);
    }
    table.writeTo(out);
    table.writeRef(out, s.audience);
    table.writeRef(out, s.issuedEventId);
    out.writeVarUnsigned(s.uses.size());
    for (AudienceState.Use u : s.uses) {
      out.writeTime(u.time(), anchor);
      table.writeRef(out, u.eventId());
      table.writeRef(out, u.tool());
      table.writeRef(out, u.ip());
    }
    s.reported.writeTo(out, table);
    return out.toByteArray();
  }

  @Override
  public AudienceState decode(byte[] bytes) {
    StateInput in = new StateInput("audience", bytes);
    return in.readVersion(VERSION) == 1 ? decodeVersion1(in) : decodeVersion2(in);
  }

  private static AudienceState decodeVersion2(StateInput in) {
    AudienceState s = new AudienceState();
    int flags = in.readByte();
    if (flags < 0 || flags > 0x07) {
      throw new IllegalArgumentException("audience state has unknown flags " + flags);
    }
    if ((flags & HAS_LAST_SEEN) != 0) {
      s.lastSeen = in.readTime(Instant.EPOCH);
    }
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    if ((flags & HAS_ISSUANCE) != 0) {
      s.issuedAt = in.readTime(anchor);
    }
    if ((flags & HAS_EXPIRY) != 0) {
      s.expiresAt = in.readTime(anchor);
    }
    TextTable table = TextTable.readFrom(in);
    s.audience = table.readRef(in);
    s.issuedEventId = table.readRef(in);
    for (int i = in.readCount(); i > 0; i--) {
      s.uses.add(
          new AudienceState.Use(
              in.readTime(anchor), table.readRef(in), table.readRef(in), table.readRef(in)));
    }
    s.reported.readFrom(in, table);
    in.expectEnd();
    return s;
  }

  /** Version 1: fixed-width fields; its holder identity and type are read and dropped. */
  private static AudienceState decodeVersion1(StateInput in) {
    AudienceState s = new AudienceState();
    in.readString();
    in.readString();
    s.audience = in.readString();
    s.issuedAt = in.readInstant();
    s.issuedEventId = in.readString();
    s.lastSeen = in.readInstant();
    for (int i = in.readInt(); i > 0; i--) {
      s.uses.add(
          new AudienceState.Use(
              in.readInstant(), in.readString(), in.readString(), in.readString()));
    }
    s.reported.readFrom(in);
    return s;
  }
}
