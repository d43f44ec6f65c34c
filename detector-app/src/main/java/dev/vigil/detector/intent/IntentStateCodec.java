package dev.vigil.detector.intent;

import dev.vigil.detector.StateCodec;
import dev.vigil.detector.state.EntryChunks;
import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import dev.vigil.detector.state.TextTable;
import java.time.Instant;
import java.util.function.Function;

/**
 * The task-intent state's bytes. Version 4 (written): a presence-flags byte, the last event time as
 * an absolute varint (the anchor), the identity type, then the tasks, the tokens, the reported keys
 * and the uses, each written in chunks that depend only on their entry and the one or two before
 * it, never on the anchor or a table of the whole state's texts, so that an encoding copies the
 * chunks of what did not change since the state's previous one ({@link EntryChunks}, {@link
 * UseChunks}). A task's chunk: its id front-coded against the task before's, its completion as a
 * millisecond varint offset from the task before's (the first's from the epoch), its completion's
 * event id front-coded against the task before's, its last touch as an offset from its completion
 * (one byte when they are the same). A token's: its id, its task's id and its issuance's event id
 * each front-coded against the token before's (the same task costs two bytes), its issuance as an
 * offset from the token before's, then a byte saying whether an expiry follows as an offset from
 * the issuance. The reported keys are each front-coded against the one before; the uses are {@link
 * UseChunks}.
 *
 * <p>Why chunks here too: version 3 put every task's and token's texts in one sorted table and
 * referred to them by index, so a new text renumbered them all and every encoding rewrote the whole
 * state. At 20,000 events/s that rewriting was a tenth of the stream thread: an agent's state holds
 * up to hundreds of tasks and tokens, and nearly every commit that sees the agent re-encodes it.
 *
 * <p>Read only: version 3 (the same fields with the tasks', tokens' and reported keys' texts in a
 * front-coded table, the first task's and token's times offsets from the anchor, the uses as now),
 * version 2 (the uses' texts in the table too, their references before the reported keys) and
 * version 1 (fixed-width fields, tasks not yet completed and no token expiry: on reading it, tasks
 * not completed are dropped and tokens have no known expiry, so they are kept {@code task_ttl}, as
 * version 1 kept them).
 */
final class IntentStateCodec implements StateCodec<IntentState> {

  private static final int VERSION = 4;

  private static final int HAS_LAST_SEEN = 1;
  private static final int HAS_EXPIRY = 1;

  @Override
  public byte[] encode(IntentState s) {
    StateOutput out =
        new StateOutput().writeByte(VERSION).writeByte(s.lastSeen != null ? HAS_LAST_SEEN : 0);
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    if (s.lastSeen != null) {
      out.writeTime(s.lastSeen, Instant.EPOCH);
    }
    out.writeText(s.identityType());
    s.writeTasks(out, IntentStateCodec::writeTask);
    s.writeTokens(out, IntentStateCodec::writeToken);
    s.reported.writeFrontCodedTo(out);
    s.encodedUses.write(s.uses, anchor, out);
    return out.toByteArray();
  }

  private static void writeTask(IntentState.Task t, IntentState.Task before, StateOutput out) {
    out.writeTime(t.completedAt(), before == null ? Instant.EPOCH : before.completedAt());
    out.writeFrontCoded(
        t.completedEventId(), textBefore(before, IntentState.Task::completedEventId));
    out.writeTime(t.lastTouched(), t.completedAt());
  }

  private static IntentState.Task readTask(StateInput in, IntentState.Task before) {
    Instant completedAt = in.readTime(before == null ? Instant.EPOCH : before.completedAt());
    String completedEventId =
        in.readFrontCoded(textBefore(before, IntentState.Task::completedEventId));
    return new IntentState.Task(completedAt, completedEventId, in.readTime(completedAt));
  }

  private static void writeToken(
      IntentState.TaskToken t, IntentState.TaskToken before, StateOutput out) {
    out.writeFrontCoded(t.taskId(), textBefore(before, IntentState.TaskToken::taskId));
    out.writeTime(t.issuedAt(), before == null ? Instant.EPOCH : before.issuedAt());
    out.writeFrontCoded(
        t.issuedEventId(), textBefore(before, IntentState.TaskToken::issuedEventId));
    out.writeByte(t.expiresAt() != null ? HAS_EXPIRY : 0);
    if (t.expiresAt() != null) {
      out.writeTime(t.expiresAt(), t.issuedAt());
    }
  }

  private static IntentState.TaskToken readToken(StateInput in, IntentState.TaskToken before) {
    String taskId = in.readFrontCoded(textBefore(before, IntentState.TaskToken::taskId));
    Instant issuedAt = in.readTime(before == null ? Instant.EPOCH : before.issuedAt());
    String issuedEventId =
        in.readFrontCoded(textBefore(before, IntentState.TaskToken::issuedEventId));
    return new IntentState.TaskToken(taskId, issuedAt, readExpiry(in, issuedAt), issuedEventId);
  }

  private static Instant readExpiry(StateInput in, Instant issuedAt) {
    int tokenFlags = in.readByte();
    if (tokenFlags < 0 || tokenFlags > HAS_EXPIRY) {
      throw new IllegalArgumentException("task intent state has unknown token flags " + tokenFlags);
    }
    return tokenFlags == HAS_EXPIRY ? in.readTime(issuedAt) : null;
  }

  /** A text of the entry before, to front-code against: "" for none, or when it has none. */
  private static <T> String textBefore(T before, Function<T, String> text) {
    String value = before == null ? null : text.apply(before);
    return value == null ? "" : value;
  }

  @Override
  public IntentState decode(byte[] bytes) {
    StateInput in = new StateInput("task intent", bytes);
    int version = in.readVersion(VERSION);
    return switch (version) {
      case 1 -> decodeVersion1(in);
      case 2, 3 -> decodeTabled(in, version);
      default -> decodeChunked(in);
    };
  }

  /** Version 4. */
  private static IntentState decodeChunked(StateInput in) {
    IntentState s = new IntentState();
    readFlagsAndLastSeen(in, s);
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    s.identityType(in.readText());
    EntryChunks.read(in, IntentStateCodec::readTask, s::putTask);
    EntryChunks.read(in, IntentStateCodec::readToken, s::putToken);
    s.reported.readFrontCodedFrom(in);
    UseChunks.read(in, anchor, s.uses);
    in.expectEnd();
    return s;
  }

  private static void readFlagsAndLastSeen(StateInput in, IntentState s) {
    int flags = in.readByte();
    if (flags < 0 || flags > HAS_LAST_SEEN) {
      throw new IllegalArgumentException("task intent state has unknown flags " + flags);
    }
    if ((flags & HAS_LAST_SEEN) != 0) {
      s.lastSeen = in.readTime(Instant.EPOCH);
    }
  }

  /** Versions 2 and 3: the same fields, but for where and how the uses are written. */
  private static IntentState decodeTabled(StateInput in, int version) {
    IntentState s = new IntentState();
    readFlagsAndLastSeen(in, s);
    Instant anchor = s.lastSeen != null ? s.lastSeen : Instant.EPOCH;
    TextTable table = TextTable.readFrontCodedFrom(in);
    s.identityType(table.readRef(in));

    Instant previous = anchor;
    for (int i = in.readCount(); i > 0; i--) {
      String taskId = table.readRef(in);
      Instant completedAt = in.readTime(previous);
      String completedEventId = table.readRef(in);
      s.putTask(
          taskId, new IntentState.Task(completedAt, completedEventId, in.readTime(completedAt)));
      previous = completedAt;
    }

    previous = anchor;
    for (int i = in.readCount(); i > 0; i--) {
      String tokenId = table.readRef(in);
      String taskId = table.readRef(in);
      Instant issuedAt = in.readTime(previous);
      String issuedEventId = table.readRef(in);
      Instant expiresAt = readExpiry(in, issuedAt);
      s.putToken(tokenId, new IntentState.TaskToken(taskId, issuedAt, expiresAt, issuedEventId));
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
    s.identityType(in.readString());
    s.lastSeen = in.readInstant();
    for (int i = in.readInt(); i > 0; i--) {
      String taskId = in.readString();
      IntentState.Task task =
          new IntentState.Task(in.readInstant(), in.readString(), in.readInstant());
      if (task.completedAt() != null) {
        s.putTask(taskId, task);
      }
    }
    for (int i = in.readInt(); i > 0; i--) {
      String tokenId = in.readString();
      String taskId = in.readString();
      Instant issuedAt = in.readInstant();
      s.putToken(tokenId, new IntentState.TaskToken(taskId, issuedAt, null, in.readString()));
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
