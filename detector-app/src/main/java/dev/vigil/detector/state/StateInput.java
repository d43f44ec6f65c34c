package dev.vigil.detector.state;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Reads what {@link StateOutput} wrote, in the same order. */
public final class StateInput {

  private final DataInputStream in;

  public StateInput(byte[] bytes) {
    this.in = new DataInputStream(new ByteArrayInputStream(bytes));
  }

  public int readByte() {
    return io(in::readByte);
  }

  public boolean readBoolean() {
    return io(in::readBoolean);
  }

  public int readInt() {
    return io(in::readInt);
  }

  public long readLong() {
    return io(in::readLong);
  }

  public String readString() {
    return io(() -> in.readBoolean() ? in.readUTF() : null);
  }

  public Instant readInstant() {
    return io(() -> in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null);
  }

  /** Reads the leading version byte and refuses versions this codec never wrote. */
  public int readVersion(String stateName, int newestKnown) {
    int version = readByte();
    if (version < 1 || version > newestKnown) {
      throw new IllegalStateException(
          stateName + " state has version " + version + ", this build reads 1.." + newestKnown);
    }
    return version;
  }

  private <T> T io(IoSupplier<T> read) {
    try {
      return read.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }
}
