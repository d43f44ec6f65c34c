package dev.vigil.detector.replay;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.detector.state.TextTable;
import java.time.Instant;

/**
 * The token state's bytes. Version 6 (written): version 5 with an eleventh flag saying the state
 * holds the token's first use from a known country, written after the requests, and a twelfth
 * saying the hash of that use's client follows it, as four bytes. Version 5 (read only): version 4
 * with a tenth flag saying the state holds issuance requests, written after the uses as a count
 * and, each, a use and its issuer. Version 4 (read only): version 3 with the presence flags as a
 * varint, so a ninth flag says whether the first public use of a delivered credential follows the
 * first attested use. Version 3 (read only): a presence-flags byte, the last activity as an
 * absolute varint, every other instant as a millisecond varint offset from it, and every text
 * (event ids, tools, addresses, contexts, networks, reported keys) once in a {@link TextTable}
 * referred to by index; the table, bindings, uses and reported keys are written only when not
 * empty, as the flags say, because most stored tokens are spent (an expiry and a last use, a dozen
 * bytes) and four empty counts were a third of them. Version 2 (read only) is the same with every
 * count always written. Version 1 (read only) held fixed-width fields and the holder's identity,
 * which is now taken from the event being judged.
 */
final class TokenStateCodec implements StateCodec<TokenState> {

  private static final int VERSION = 6;

  private static final int HAS_LAST_SEEN = 1;
  private static final int HAS_EXPIRY = 1 << 1;
  private static final int HAS_REVOCATION = 1 << 2;
  private static final int HAS_FIRST_ATTESTED = 1 << 3;
  private static final int HAS_TEXTS = 1 << 4;
  private static final int HAS_BINDINGS = 1 << 5;
  private static final int HAS_USES = 1 << 6;
  private static final int HAS_REPORTED = 1 << 7;
  private static final int HAS_FIRST_PUBLIC = 1 << 8;
  private static final int HAS_REQUESTS = 1 << 9;
  private static final int HAS_FIRST_LOCATED = 1 << 10;
  private static final int HAS_FIRST_CLIENT = 1 << 11;
  private static final int VERSION_2_FLAGS = 0x0F;
  private static final int SUCCESSFUL = 1;

  @Override
  public byte[] encode(TokenState s) {
    TextTable table = new TextTable().add(s.revokedEventId);
    s.bindings.forEach(b -> table.add(b.eventId()).add(b.workloadId()).add(b.binding()));
    if (s.firstAttested != null) {
      addUse(table, s.firstAttested);
    }
    if (s.firstPublic != null) {
      addUse(table, s.firstPublic);
    }
    s.uses.forEach(u -> addUse(table, u));
    s.requests.forEach(r -> addUse(table.add(r.issuer()), r.from()));
    if (s.firstLocated != null) {
      addUse(table, s.firstLocated);
    }
    s.reported.addTo(table);

    int flags =
        (s.lastSeen != null ? HAS_LAST_SEEN : 0)
            | (s.expiresAt != null ? HAS_EXPIRY : 0)
            | (s.revokedAt != null ? HAS_REVOCATION : 0)
            | (s.firstAttested != null ? HAS_FIRST_ATTESTED : 0)
            | (table.isEmpty() ? 0 : HAS_TEXTS)
            | (s.bindings.isEmpty() ? 0 : HAS_BINDINGS)
            | (s.uses.isEmpty() ? 0 : HAS_USES)
            | (s.reported.isEmpty() ? 0 : HAS_REPORTED)
            | (s.firstPublic != null ? HAS_FIRST_PUBLIC : 0)
            | (s.requests.isEmpty() ? 0 : HAS_REQUESTS)
            | (s.firstLocated != null ? HAS_FIRST_LOCATED : 0)
            | (s.firstLocatedClient != null ? HAS_FIRST_CLIENT : 0);
    StateOutput out = new StateOutput().writeByte(VERSION).writeVarUnsigned(flags);
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    if (s.lastSeen != null) {
      out.writeTime(s.lastSeen, Instant.EPOCH);
    }
    if (s.expiresAt != null) {
      out.writeTime(s.expiresAt, anchor);
    }
    if (s.revokedAt != null) {
      out.writeTime(s.revokedAt, anchor);
    }
    if (!table.isEmpty()) {
      table.writeTo(out);
    }
    if (s.revokedAt != null) {
      table.writeRef(out, s.revokedEventId);
    }
    if (!s.bindings.isEmpty()) {
      out.writeVarUnsigned(s.bindings.size());
    }
    for (TokenState.Binding b : s.bindings) {
      out.writeTime(b.time(), anchor);
      table.writeRef(out, b.eventId());
      table.writeRef(out, b.workloadId());
      table.writeRef(out, b.binding());
    }
    if (s.firstAttested != null) {
      writeUse(out, table, s.firstAttested, anchor);
    }
    if (s.firstPublic != null) {
      writeUse(out, table, s.firstPublic, anchor);
    }
    if (!s.uses.isEmpty()) {
      out.writeVarUnsigned(s.uses.size());
    }
    s.uses.forEach(u -> writeUse(out, table, u, anchor));
    if (!s.requests.isEmpty()) {
      out.writeVarUnsigned(s.requests.size());
    }
    for (TokenState.Request r : s.requests) {
      writeUse(out, table, r.from(), anchor);
      table.writeRef(out, r.issuer());
    }
    if (s.firstLocated != null) {
      writeUse(out, table, s.firstLocated, anchor);
    }
    if (s.firstLocatedClient != null) {
      out.writeInt(s.firstLocatedClient);
    }
    if (!s.reported.isEmpty()) {
      s.reported.writeTo(out, table);
    }
    return out.toByteArray();
  }

  @Override
  public TokenState decode(byte[] bytes) {
    StateInput in = new StateInput("token replay", bytes);
    int version = in.readVersion(VERSION);
    return version == 1 ? decodeVersion1(in) : decodeCompact(in, version);
  }

  /**
   * Versions 2 to 6; version 2 has no flags past {@link #HAS_FIRST_ATTESTED} and every count,
   * versions 2 and 3 write the flags as one byte, only versions 5 and 6 set {@link #HAS_REQUESTS}
   * and only version 6 {@link #HAS_FIRST_LOCATED} and {@link #HAS_FIRST_CLIENT}.
   */
  private static TokenState decodeCompact(StateInput in, int version) {
    TokenState s = new TokenState();
    int flags = version >= 4 ? (int) in.readVarUnsigned() : in.readByte() & 0xFF;
    if (version == 2) {
      if (flags > VERSION_2_FLAGS) {
        throw new IllegalArgumentException("token replay state has unknown flags " + flags);
      }
      flags |= HAS_TEXTS | HAS_BINDINGS | HAS_USES | HAS_REPORTED;
    }
    if ((flags & HAS_LAST_SEEN) != 0) {
      s.lastSeen = in.readTime(Instant.EPOCH);
    }
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    if ((flags & HAS_EXPIRY) != 0) {
      s.expiresAt = in.readTime(anchor);
    }
    if ((flags & HAS_REVOCATION) != 0) {
      s.revokedAt = in.readTime(anchor);
    }
    TextTable table = (flags & HAS_TEXTS) != 0 ? TextTable.readFrom(in) : new TextTable();
    if ((flags & HAS_REVOCATION) != 0) {
      s.revokedEventId = table.readRef(in);
    }
    for (int i = (flags & HAS_BINDINGS) != 0 ? in.readCount() : 0; i > 0; i--) {
      s.bindings.add(
          new TokenState.Binding(
              in.readTime(anchor), table.readRef(in), table.readRef(in), table.readRef(in)));
    }
    if ((flags & HAS_FIRST_ATTESTED) != 0) {
      s.firstAttested = readUse(in, table, anchor);
    }
    if ((flags & HAS_FIRST_PUBLIC) != 0) {
      s.firstPublic = readUse(in, table, anchor);
    }
    for (int i = (flags & HAS_USES) != 0 ? in.readCount() : 0; i > 0; i--) {
      s.uses.add(readUse(in, table, anchor));
    }
    for (int i = (flags & HAS_REQUESTS) != 0 ? in.readCount() : 0; i > 0; i--) {
      s.requests.add(new TokenState.Request(readUse(in, table, anchor), table.readRef(in)));
    }
    if ((flags & HAS_FIRST_LOCATED) != 0) {
      s.firstLocated = readUse(in, table, anchor);
    }
    if ((flags & HAS_FIRST_CLIENT) != 0) {
      s.firstLocatedClient = in.readInt();
    }
    if ((flags & HAS_REPORTED) != 0) {
      s.reported.readFrom(in, table);
    }
    in.expectEnd();
    return s;
  }

  private static void addUse(TextTable table, TokenUse u) {
    table
        .add(u.eventId())
        .add(u.tool())
        .add(u.ip())
        .add(u.workloadId())
        .add(u.binding())
        .add(u.network())
        .add(u.country());
  }

  private static void writeUse(StateOutput out, TextTable table, TokenUse u, Instant anchor) {
    out.writeTime(u.time(), anchor).writeByte(u.successful() ? SUCCESSFUL : 0);
    table.writeRef(out, u.eventId());
    table.writeRef(out, u.tool());
    table.writeRef(out, u.ip());
    table.writeRef(out, u.workloadId());
    table.writeRef(out, u.binding());
    table.writeRef(out, u.network());
    table.writeRef(out, u.country());
  }

  private static TokenUse readUse(StateInput in, TextTable table, Instant anchor) {
    Instant time = in.readTime(anchor);
    boolean successful = (in.readByte() & SUCCESSFUL) != 0;
    return new TokenUse(
        time,
        table.readRef(in),
        successful,
        table.readRef(in),
        table.readRef(in),
        table.readRef(in),
        table.readRef(in),
        table.readRef(in),
        table.readRef(in));
  }

  /** Version 1: fixed-width fields; its holder identity and type are read and dropped. */
  private static TokenState decodeVersion1(StateInput in) {
    TokenState s = new TokenState();
    in.readString();
    in.readString();
    for (int i = in.readInt(); i > 0; i--) {
      s.bindings.add(
          new TokenState.Binding(
              in.readInstant(), in.readString(), in.readString(), in.readString()));
    }
    s.expiresAt = in.readInstant();
    s.revokedAt = in.readInstant();
    s.revokedEventId = in.readString();
    s.lastSeen = in.readInstant();
    if (in.readBoolean()) {
      s.firstAttested = readVersion1Use(in);
    }
    for (int i = in.readInt(); i > 0; i--) {
      s.uses.add(readVersion1Use(in));
    }
    s.reported.readFrom(in);
    return s;
  }

  private static TokenUse readVersion1Use(StateInput in) {
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
