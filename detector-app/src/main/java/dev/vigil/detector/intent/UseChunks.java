package dev.vigil.detector.intent;

import dev.vigil.detector.state.StateInput;
import dev.vigil.detector.state.StateOutput;
import java.time.Instant;
import java.util.List;

/**
 * The task-intent state's uses as version 3 writes them: a count, then one chunk per use, oldest
 * first, that depends only on that use and the two before it. A chunk holds the use's time as an
 * offset from the use before (the first one's from the state's anchor), its event id front-coded
 * against the use before's, a byte of four two-bit codes for its token, task, tool and address
 * (null, written here, the same as the use before's, the same as the one two before's), then the
 * texts written here, each front-coded against the same text of the use before (an address in the
 * same network, a token id of the same scheme).
 *
 * <p>Why chunks: at a live rate nearly every event of an identity is followed by a commit that
 * encodes its state, and version 2 re-tabled and rewrote every use it holds (up to 64) each time.
 * Profiling showed that cost was reading the uses' scattered objects more than computing, so no
 * faster table could remove it. Here the chunks written last are kept with the uses they were
 * written from, and the next encoding copies the chunk of every use whose two predecessors are also
 * the same objects, comparing references only: an event that adds one use writes its chunk, the
 * first use's (its time's anchor moved) and the one after any use that left, and copies the rest.
 * The bytes are those of writing every chunk afresh, whatever was kept.
 */
final class UseChunks {

  private static final int NULL = 0;
  private static final int WRITTEN = 1;
  private static final int AS_PREVIOUS = 2;
  private static final int AS_TWO_BEFORE = 3;

  /**
   * The uses of the last encoding, in order, and where each one's chunk starts in {@code bytes}.
   */
  private IntentState.Use[] written = new IntentState.Use[0];

  private byte[] bytes = new byte[0];
  private int[] starts = {0};

  /**
   * Writes {@code uses} (in time order) with times anchored at {@code anchor}, and keeps what it
   * wrote for the next call.
   */
  void write(List<IntentState.Use> uses, Instant anchor, StateOutput out) {
    IntentState.Use[] now = uses.toArray(new IntentState.Use[0]);
    out.writeVarUnsigned(now.length);
    int blockStart = out.size();
    int[] nowStarts = new int[now.length + 1];
    int matched = -1;
    for (int j = 0; j < now.length; j++) {
      nowStarts[j] = out.size() - blockStart;
      int at = find(now[j], matched + 1);
      if (at >= 0) {
        matched = at;
      }
      if (at >= 1 && samePredecessors(now, j, at)) {
        out.writeBytes(bytes, starts[at], starts[at + 1]);
      } else {
        writeChunk(now, j, anchor, out);
      }
    }
    nowStarts[now.length] = out.size() - blockStart;
    written = now;
    bytes = out.bytesFrom(blockStart);
    starts = nowStarts;
  }

  /** The uses {@link #write} wrote, against the same anchor. */
  static void read(StateInput in, Instant anchor, List<IntentState.Use> into) {
    IntentState.Use before = null;
    IntentState.Use twoBefore = null;
    for (int i = in.readCount(); i > 0; i--) {
      Instant time = in.readTime(before == null ? anchor : before.time());
      String eventId = in.readFrontCoded(previousId(before));
      int codes = in.readByte() & 0xFF;
      String[] ofBefore = fields(before);
      String[] ofTwoBefore = fields(twoBefore);
      String[] texts = new String[4];
      for (int f = 0; f < 4; f++) {
        texts[f] = field(in, codes >>> (2 * f), ofBefore[f], ofTwoBefore[f]);
      }
      IntentState.Use use =
          new IntentState.Use(time, eventId, texts[0], texts[1], texts[2], texts[3]);
      into.add(use);
      twoBefore = before;
      before = use;
    }
  }

  /** Where {@code use} was in the last encoding, looking from {@code from} on; -1 if nowhere. */
  private int find(IntentState.Use use, int from) {
    for (int i = from; i < written.length; i++) {
      if (written[i] == use) {
        return i;
      }
    }
    return -1;
  }

  /**
   * True when the use at {@code j} now, kept at {@code at} (at least 1), had the same one or two
   * uses before it then: its chunk depends on nothing else.
   */
  private boolean samePredecessors(IntentState.Use[] now, int j, int at) {
    if (j == 0 || written[at - 1] != now[j - 1]) {
      return false;
    }
    return j == 1 ? at == 1 : at >= 2 && written[at - 2] == now[j - 2];
  }

  private static void writeChunk(IntentState.Use[] uses, int j, Instant anchor, StateOutput out) {
    IntentState.Use use = uses[j];
    IntentState.Use before = j >= 1 ? uses[j - 1] : null;
    IntentState.Use twoBefore = j >= 2 ? uses[j - 2] : null;
    out.writeTime(use.time(), before == null ? anchor : before.time());
    out.writeFrontCoded(use.eventId(), previousId(before));
    String[] texts = fields(use);
    String[] ofBefore = fields(before);
    String[] ofTwoBefore = fields(twoBefore);
    int codes = 0;
    for (int f = 0; f < 4; f++) {
      codes |= code(texts[f], ofBefore[f], ofTwoBefore[f]) << (2 * f);
    }
    out.writeByte(codes);
    for (int f = 0; f < 4; f++) {
      if ((codes >>> (2 * f) & 3) == WRITTEN) {
        out.writeFrontCoded(texts[f], ofBefore[f] == null ? "" : ofBefore[f]);
      }
    }
  }

  private static final String[] NO_FIELDS = new String[4];

  /** A use's texts in the order a chunk codes them: token, task, tool, address; nulls for none. */
  private static String[] fields(IntentState.Use use) {
    return use == null
        ? NO_FIELDS
        : new String[] {use.tokenId(), use.taskId(), use.tool(), use.ip()};
  }

  private static int code(String text, String ofBefore, String ofTwoBefore) {
    if (text == null) {
      return NULL;
    }
    if (text.equals(ofBefore)) {
      return AS_PREVIOUS;
    }
    return text.equals(ofTwoBefore) ? AS_TWO_BEFORE : WRITTEN;
  }

  private static String field(StateInput in, int code, String ofBefore, String ofTwoBefore) {
    String text =
        switch (code & 3) {
          case NULL -> null;
          case WRITTEN -> in.readFrontCoded(ofBefore == null ? "" : ofBefore);
          case AS_PREVIOUS -> ofBefore;
          default -> ofTwoBefore;
        };
    if (text == null && (code & 3) != NULL) {
      throw in.invalid("a use's text that refers to nothing (code " + (code & 3) + ")");
    }
    return text;
  }

  private static String previousId(IntentState.Use before) {
    return before == null || before.eventId() == null ? "" : before.eventId();
  }
}
