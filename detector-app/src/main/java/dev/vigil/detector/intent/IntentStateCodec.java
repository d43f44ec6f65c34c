package dev.vigil.detector.intent;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.detector.state.TextTable;
import java.time.Instant;

/**
 * The task-intent state's bytes. Version 3 (written): a presence-flags byte, the last event time as
 * an absolute varint (the anchor), the texts of the identity type, tasks, tokens and reported keys
 * once in a front-coded {@link TextTable} referred to by index, every time as a millisecond varint
 * offset from the time written before it (entries are roughly in time order, so offsets are
 * minutes, three or four bytes; a task's last touch is an offset from its completion, one byte when
 * they are the same), the reported keys, and last the uses as {@link UseChunks}: each use on its
 * own, against the one or two before it, so that an encoding copies the bytes of the uses that did
 * not change instead of writing every use again at every commit. Version 2 (read only) had the same
 * fields with the uses' texts in the table and their references written before the reported keys.
 * Version 1 (read only) held fixed-width fields, tasks not yet completed, and no token expiry; on
 * reading it, tasks not completed are dropped and tokens have no known expiry (they are kept {@code
 * task_ttl}, as version 1 kept them).
 */
final class IntentStateCodec implements StateCodec<IntentState> {

  private static final int VERSION = 3;

  private static final int HAS_LAST_SEEN = 1;
  private static final int HAS_EXPIRY = 1;

  @Override
  public byte[] encode(IntentState s) {
    TextTable table = new TextTable().sortedLike(s.textOrder).add(s.identityType);
    for (var e : s.tasks.entrySet()) {
      table.add(e.getKey()).add(e.getValue().completedEventId());
    }
    for (var e : s.tokens.entrySet()) {
      IntentState.TaskToken t = e.getValue();
      table.add(e.getKey()).add(t.taskId()).add(t.issuedEventId());
    }
    s.reported.addTo(table);

    StateOutput out =
        new StateOutput().writeByte(VERSION).writeByte(s.lastSeen != null ? HAS_LAST_SEEN : 0);
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    if (s.lastSeen != null) {
      out.writeTime(s.lastSeen, Instant.EPOCH);
    }
    table.writeFrontCodedTo(out);
    s.textOrder = table.sorted();
    table.writeRef(out, s.identityType);

    out.writeVarUnsigned(s.tasks.size());
    Instant previous = anchor;
    for (var e : s.tasks.entrySet()) {
      IntentState.Task t = e.getValue();
      table.writeRef(out, e.getKey());
      out.writeTime(t.completedAt(), previous);
      table.writeRef(out, t.completedEventId());
      out.writeTime(t.lastTouched(), t.completedAt());
      previous = t.completedAt();
    }

    out.writeVarUnsigned(s.tokens.size());
    previous = anchor;
    for (var e : s.tokens.entrySet()) {
      IntentState.TaskToken t = e.getValue();
      table.writeRef(out, e.getKey());
      table.writeRef(out, t.taskId());
      out.writeTime(t.issuedAt(), previous);
      table.writeRef(out, t.issuedEventId());
      out.writeByte(t.expiresAt() != null ? HAS_EXPIRY : 0);
      if (t.expiresAt() != null) {
        out.writeTime(t.expiresAt(), t.issuedAt());
      }
      previous = t.issuedAt();
    }
    s.reported.writeTo(out, table);
    s.encodedUses.write(s.uses, anchor, out);
    return out.toByteArray();
  }

  @Override
  public IntentState decode(byte[] bytes) {
    StateInput in = new StateInput("task intent", bytes);
    int version = in.readVersion(VERSION);
    return version == 1 ? decodeVersion1(in) : decodeTabled(in, version);
  }

  /** Versions 2 and 3: the same fields, but for where and how the uses are written. */
  private static IntentState decodeTabled(StateInput in, int version) {
    IntentState s = new IntentState();
    int flags = in.readByte();
    if (flags < 0 || flags > HAS_LAST_SEEN) {
      throw new IllegalArgumentException("task intent state has unknown flags " + flags);
    }
    if ((flags & HAS_LAST_SEEN) != 0) {
      s.lastSeen = in.readTime(Instant.EPOCH);
    }
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    TextTable table = TextTable.readFrontCodedFrom(in);
    s.textOrder = table.sorted();
    s.identityType = table.readRef(in);

    Instant previous = anchor;
    for (int i = in.readCount(); i > 0; i--) {
      String taskId = table.readRef(in);
      Instant completedAt = in.readTime(previous);
      String completedEventId = table.readRef(in);
      s.tasks.put(
          taskId, new IntentState.Task(completedAt, completedEventId, in.readTime(completedAt)));
      previous = completedAt;
    }

    previous = anchor;
    for (int i = in.readCount(); i > 0; i--) {
      String tokenId = table.readRef(in);
      String taskId = table.readRef(in);
      Instant issuedAt = in.readTime(previous);
      String issuedEventId = table.readRef(in);
      int tokenFlags = in.readByte();
      if (tokenFlags < 0 || tokenFlags > HAS_EXPIRY) {
        throw new IllegalArgumentException(
            "task intent state has unknown token flags " + tokenFlags);
      }
      Instant expiresAt = tokenFlags == HAS_EXPIRY ? in.readTime(issuedAt) : null;
      s.tokens.put(tokenId, new IntentState.TaskToken(taskId, issuedAt, expiresAt, issuedEventId));
      previous = issuedAt;
    }

    if (version == 2) {
      previous = anchor;
      for (int i = in.readCount(); i > 0; i--) {
        Instant time = in.readTime(previous);
        s.uses.add(
            new IntentState.Use(
                time,
                table.readRef(in),
                table.readRef(in),
                table.readRef(in),
                table.readRef(in),
                table.readRef(in)));
        previous = time;
      }
      s.reported.readFrom(in, table);
    } else {
      s.reported.readFrom(in, table);
      UseChunks.read(in, anchor, s.uses);
    }
    in.expectEnd();
    return s;
  }

  /** Version 1: fixed-width fields; tasks not yet completed are read and dropped. */
  private static IntentState decodeVersion1(StateInput in) {
    IntentState s = new IntentState();
    s.identityType = in.readString();
    s.lastSeen = in.readInstant();
    for (int i = in.readInt(); i > 0; i--) {
      String taskId = in.readString();
      IntentState.Task task =
          new IntentState.Task(in.readInstant(), in.readString(), in.readInstant());
      if (task.completedAt() != null) {
        s.tasks.put(taskId, task);
      }
    }
    for (int i = in.readInt(); i > 0; i--) {
      String tokenId = in.readString();
      String taskId = in.readString();
      Instant issuedAt = in.readInstant();
      s.tokens.put(tokenId, new IntentState.TaskToken(taskId, issuedAt, null, in.readString()));
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
