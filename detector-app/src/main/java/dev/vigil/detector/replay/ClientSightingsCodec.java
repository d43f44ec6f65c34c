package dev.vigil.detector.replay;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.events.IdentityType;
import java.time.Instant;
import java.util.List;

/**
 * The bytes of an address's {@link ClientSightings}, and of one {@link ClientSighting} on the
 * sightings topic. Version 1: the newest time, each side as a count and its sightings, then the
 * reported keys with their times. A sighting is its texts (nullable), its identity type's name and
 * its event time in milliseconds. Kept simple rather than packed: an address holds a few dozen
 * sightings at most, and only the addresses seen in the last window are kept at all.
 */
public final class ClientSightingsCodec implements StateCodec<ClientSightings> {

  private static final int VERSION = 1;

  @Override
  public byte[] encode(ClientSightings state) {
    StateOutput out = new StateOutput().writeByte(VERSION).writeInstant(state.newest);
    writeSide(out, state.delivered);
    writeSide(out, state.others);
    out.writeVarUnsigned(state.reported.size());
    state.reported.forEach((key, time) -> out.writeString(key).writeLong(time.toEpochMilli()));
    return out.toByteArray();
  }

  @Override
  public ClientSightings decode(byte[] bytes) {
    StateInput in = new StateInput("client-sightings", bytes);
    in.readVersion(VERSION);
    ClientSightings state = new ClientSightings();
    state.newest = in.readInstant();
    readSide(in, state.delivered);
    readSide(in, state.others);
    int reported = in.readCount();
    for (int i = 0; i < reported; i++) {
      state.reported.put(in.readString(), Instant.ofEpochMilli(in.readLong()));
    }
    in.expectEnd();
    return state;
  }

  /** One sighting, version byte first: the value of a record on the sightings topic. */
  public static byte[] encodeSighting(ClientSighting sighting) {
    StateOutput out = new StateOutput().writeByte(VERSION);
    write(out, sighting);
    return out.toByteArray();
  }

  public static ClientSighting decodeSighting(byte[] bytes) {
    StateInput in = new StateInput("client-sighting", bytes);
    in.readVersion(VERSION);
    ClientSighting sighting = read(in);
    in.expectEnd();
    return sighting;
  }

  private static void writeSide(StateOutput out, List<ClientSighting> side) {
    out.writeVarUnsigned(side.size());
    side.forEach(s -> write(out, s));
  }

  private static void readSide(StateInput in, List<ClientSighting> into) {
    int n = in.readCount();
    for (int i = 0; i < n; i++) {
      into.add(read(in));
    }
  }

  private static void write(StateOutput out, ClientSighting s) {
    out.writeString(s.address())
        .writeString(s.client())
        .writeString(s.identityId())
        .writeString(s.identityType() == null ? null : s.identityType().name())
        .writeString(s.tokenId())
        .writeString(s.deliveredTo())
        .writeString(s.tool())
        .writeString(s.eventId())
        .writeLong(s.eventTime().toEpochMilli());
  }

  private static ClientSighting read(StateInput in) {
    String address = in.readString();
    String client = in.readString();
    String identityId = in.readString();
    String type = in.readString();
    return new ClientSighting(
        address,
        client,
        identityId,
        type == null ? null : IdentityType.valueOf(type),
        in.readString(),
        in.readString(),
        in.readString(),
        in.readString(),
        Instant.ofEpochMilli(in.readLong()));
  }
}
