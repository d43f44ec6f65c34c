package dev.vigil.detector.state;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Evidence keys a detector already reported for one state, so each finding is raised once however
 * often later events re-judge the same uses. Bounded: past the cap the oldest key is forgotten
 * (insertion order), trading a possible repeat long after the fact for a state of fixed size.
 */
public final class ReportedKeys {

  private final int cap;
  private final Set<String> keys = new LinkedHashSet<>();
  private long forgotten;

  public ReportedKeys(int cap) {
    this.cap = cap;
  }

  /** Records a reported evidence key; false when it was reported before. */
  public boolean mark(String key) {
    if (!keys.add(key)) {
      return false;
    }
    while (keys.size() > cap) {
      keys.remove(keys.iterator().next());
      forgotten++;
    }
    return true;
  }

  /**
   * Keys forgotten past the cap since this object was created (not stored): a detector that skips
   * re-judging what it reported before must judge everything again once one was forgotten.
   */
  public long forgotten() {
    return forgotten;
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** A fixed-width count, then each key as a nullable string, oldest first. */
  public void writeTo(StateOutput out) {
    out.writeInt(keys.size());
    keys.forEach(out::writeString);
  }

  /** Adds the keys {@link #writeTo} wrote, as they were. */
  public void readFrom(StateInput in) {
    for (int i = in.readInt(); i > 0; i--) {
      keys.add(in.readString());
    }
  }

  /** Adds every key to {@code table}, before {@link #writeTo(StateOutput, TextTable)}. */
  public void addTo(TextTable table) {
    keys.forEach(table::add);
  }

  /** The compact form: a varint count, then each key as a reference into {@code table}. */
  public void writeTo(StateOutput out, TextTable table) {
    out.writeVarUnsigned(keys.size());
    keys.forEach(k -> table.writeRef(out, k));
  }

  /**
   * The form that refers to no table: a varint count, then each key front-coded against the one
   * before it (keys of one rule share their start), oldest first.
   */
  public void writeFrontCodedTo(StateOutput out) {
    out.writeVarUnsigned(keys.size());
    String before = "";
    for (String key : keys) {
      out.writeFrontCoded(key, before);
      before = key;
    }
  }

  /** Adds the keys {@link #writeFrontCodedTo} wrote, as they were. */
  public void readFrontCodedFrom(StateInput in) {
    String before = "";
    for (int i = in.readCount(); i > 0; i--) {
      String key = in.readFrontCoded(before);
      if (key == null) {
        throw in.invalid("a null reported key");
      }
      keys.add(key);
      before = key;
    }
  }

  /** Adds the keys {@link #writeTo(StateOutput, TextTable)} wrote, as they were. */
  public void readFrom(StateInput in, TextTable table) {
    for (int i = in.readCount(); i > 0; i--) {
      keys.add(table.readRef(in));
    }
  }
}
