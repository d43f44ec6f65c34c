package dev.vigil.detector.intent;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;

/** Version 1 of the task-intent state's bytes. */
final class IntentStateCodec implements StateCodec<IntentState> {

  private static final int VERSION = 1;

  @Override
  public byte[] encode(IntentState s) {
    StateOutput out = new StateOutput().writeByte(VERSION);
    out.writeString(s.identityType).writeInstant(s.lastSeen);
    out.writeInt(s.tasks.size());
    s.tasks.forEach(
        (id, t) ->
            out.writeString(id)
                .writeInstant(t.completedAt())
                .writeString(t.completedEventId())
                .writeInstant(t.lastTouched()));
    out.writeInt(s.tokens.size());
    s.tokens.forEach(
        (id, t) ->
            out.writeString(id)
                .writeString(t.taskId())
                .writeInstant(t.issuedAt())
                .writeString(t.issuedEventId()));
    out.writeInt(s.uses.size());
    s.uses.forEach(
        u ->
            out.writeInstant(u.time())
                .writeString(u.eventId())
                .writeString(u.tokenId())
                .writeString(u.taskId())
                .writeString(u.tool())
                .writeString(u.ip()));
    s.reported.writeTo(out);
    return out.toByteArray();
  }

  @Override
  public IntentState decode(byte[] bytes) {
    StateInput in = new StateInput("task intent", bytes);
    in.readVersion(VERSION);
    IntentState s = new IntentState();
    s.identityType = in.readString();
    s.lastSeen = in.readInstant();
    for (int i = in.readInt(); i > 0; i--) {
      s.tasks.put(
          in.readString(),
          new IntentState.Task(in.readInstant(), in.readString(), in.readInstant()));
    }
    for (int i = in.readInt(); i > 0; i--) {
      s.tokens.put(
          in.readString(),
          new IntentState.TaskToken(in.readString(), in.readInstant(), in.readString()));
    }
    for (int i = in.readInt(); i > 0; i--) {
      s.uses.add(
          new IntentState.Use(
              in.readInstant(),
              in.readString(),
              in.readString(),
              in.readString(),
              in.readString(),
              in.readString()));
    }
    s.reported.readFrom(in);
    return s;
  }
}
