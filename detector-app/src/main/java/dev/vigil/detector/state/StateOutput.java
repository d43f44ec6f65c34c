package dev.vigil.detector.state;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes detector state compactly: nullable strings and instants carry a presence flag, so state
 * codecs stay small and symmetrical with {@link StateInput}.
 */
public final class StateOutput {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
  private final DataOutputStream out = new DataOutputStream(bytes);

  public StateOutput writeByte(int value) {
    return io(() -> out.writeByte(value));
  }

  public StateOutput writeBoolean(boolean value) {
    return io(() -> out.writeBoolean(value));
  }

  public StateOutput writeInt(int value) {
    return io(() -> out.writeInt(value));
  }

  public StateOutput writeLong(long value) {
    return io(() -> out.writeLong(value));
  }

  public StateOutput writeString(String value) {
    return io(
        () -> {
          out.writeBoolean(value != null);
          if (value != null) {
            out.writeUTF(value);
          }
        });
  }

  /** An instant at millisecond precision, or null. */
  public StateOutput writeInstant(Instant value) {
    return io(
        () -> {
          out.writeBoolean(value != null);
          if (value != null) {
            out.writeLong(value.toEpochMilli());
          }
        });
  }

  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  private StateOutput io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private interface IoAction {
    void run() throws IOException;
  }
}
