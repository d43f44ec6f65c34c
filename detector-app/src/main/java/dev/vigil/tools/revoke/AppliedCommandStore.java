package dev.vigil.tools.revoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which (command id, sink) pairs reached a final outcome, so a command read again after a
 * restart is not applied twice. An append-only text file in the state directory, one line per
 * outcome, {@code fsync}ed before {@link #record} returns: once a line is written, the outcome
 * survives a crash. Entries older than the retention are forgotten; the file is rewritten without
 * them on open and whenever expired lines outnumber live ones.
 *
 * <p>Line format: {@code <epoch millis> <outcome> <sink> <url-encoded command id>}. A torn last
 * line (a crash mid-write) is dropped with a warning; a malformed line anywhere else is an error
 * naming the file and line, because silently skipping it could re-apply a revocation.
 *
 * <p>One process at a time: the directory is locked while the store is open.
 */
public final class AppliedCommandStore implements AutoCloseable {

  /** The final outcomes a store records. */
  public enum Outcome {
    DELIVERED,
    DEAD_LETTERED
  }

  static final String FILE_NAME = "applied-commands.log";
  private static final String LOCK_NAME = "revoker.lock";
  private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9-]+");
  private static final int MIN_LINES_BEFORE_COMPACTION = 1024;
  private static final Logger LOG = LoggerFactory.getLogger(AppliedCommandStore.class);

  private final Path directory;
  private final Path file;
  private final Duration retention;
  private final Clock clock;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final int minLinesBeforeCompaction;
  private final LinkedHashMap<String, Entry> appliedAt = new LinkedHashMap<>();
  private FileChannel log;
  private long linesInFile;

  private AppliedCommandStore(
      Path directory,
      Duration retention,
      Clock clock,
      FileChannel lockChannel,
      FileLock lock,
      int minLinesBeforeCompaction) {
    this.directory = directory;
    this.file = directory.resolve(FILE_NAME);
    this.retention = retention;
    this.clock = clock;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.minLinesBeforeCompaction = minLinesBeforeCompaction;
  }

  /**
   * Opens (creating if needed) the store in {@code directory}.
   *
   * @throws IllegalStateException when another process holds the directory
   */
  public static AppliedCommandStore open(Path directory, Duration retention, Clock clock) {
    return open(directory, retention, clock, MIN_LINES_BEFORE_COMPACTION);
  }

  /**
   * {@code minLinesBeforeCompaction}: the file is never rewritten while running below this size.
   */
  static AppliedCommandStore open(
      Path directory, Duration retention, Clock clock, int minLinesBeforeCompaction) {
    Objects.requireNonNull(clock, "clock");
    if (retention == null || retention.isZero() || retention.isNegative()) {
      throw new IllegalArgumentException("dedup retention must be positive, was " + retention);
    }
    try {
      Files.createDirectories(directory);
      FileChannel lockChannel =
          FileChannel.open(
              directory.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very JVM
      }
      if (lock == null) {
        lockChannel.close();
        throw new IllegalStateException(
            "state directory " + directory + " is in use by another revocation consumer");
      }
      AppliedCommandStore store =
          new AppliedCommandStore(
              directory, retention, clock, lockChannel, lock, minLinesBeforeCompaction);
      store.load();
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the dedup store in " + directory, e);
    }
  }

  /** Whether {@code sink} already reached a final outcome for {@code commandId}. */
  public synchronized boolean contains(String commandId, String sink) {
    return appliedAt.containsKey(key(commandId, sink));
  }

  /** Records a final outcome durably; returns once the line is on disk. */
  public synchronized void record(String commandId, String sink, Outcome outcome) {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(outcome, "outcome");
    long now = clock.millis();
    try {
      ByteBuffer bytes =
          ByteBuffer.wrap(
              line(now, outcome, checkSink(sink), commandId).getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        log.write(bytes);
      }
      log.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the dedup store " + file, e);
    }
    appliedAt.remove(key(commandId, sink));
    appliedAt.put(key(commandId, sink), new Entry(now, outcome));
    linesInFile++;
    expire(now);
    if (linesInFile >= minLinesBeforeCompaction && linesInFile > 2L * appliedAt.size()) {
      rewrite();
    }
  }

  /** Number of remembered (command id, sink) pairs. */
  public synchronized int size() {
    return appliedAt.size();
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      if (log != null) {
        log.close();
      }
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the dedup store " + file, e);
    }
  }

  private void load() throws IOException {
    long now = clock.millis();
    boolean dirty = false;
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
      // The text after the final newline is either empty or a line torn by a crash.
      String tail = lines.remove(lines.size() - 1);
      if (!tail.isEmpty()) {
        LOG.warn(
            "dropping an incomplete last line of {} (written during a crash): '{}'", file, tail);
        dirty = true;
      }
      for (int i = 0; i < lines.size(); i++) {
        parse(lines.get(i), i + 1);
      }
      linesInFile = lines.size();
    }
    int before = appliedAt.size();
    expire(now);
    dirty |= appliedAt.size() != before;
    if (dirty) {
      rewrite();
    } else {
      log =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
  }

  private void parse(String line, int lineNumber) {
    String[] parts = line.split(" ", -1);
    if (parts.length != 4) {
      throw malformed(lineNumber, "expected 4 space-separated fields, found " + parts.length);
    }
    long at;
    try {
      at = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      throw malformed(lineNumber, "time '" + parts[0] + "' is not epoch milliseconds");
    }
    Outcome outcome;
    try {
      outcome = Outcome.valueOf(parts[1]);
    } catch (IllegalArgumentException e) {
      throw malformed(lineNumber, "unknown outcome '" + parts[1] + "'");
    }
    if (!SINK_NAME.matcher(parts[2]).matches()) {
      throw malformed(lineNumber, "sink name '" + parts[2] + "' is not [a-z0-9-]+");
    }
    String commandId = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
    String key = key(commandId, parts[2]);
    appliedAt.remove(key);
    appliedAt.put(key, new Entry(at, outcome));
  }

  private IllegalStateException malformed(int lineNumber, String why) {
    return new IllegalStateException(
        file
            + ":"
            + lineNumber
            + ": "
            + why
            + "; fix or remove the line (it records an applied revocation)");
  }

  private void expire(long now) {
    long oldestKept = now - retention.toMillis();
    Iterator<Map.Entry<String, Entry>> entries = appliedAt.entrySet().iterator();
    // Entries are in recording order, so the oldest come first.
    while (entries.hasNext()) {
      if (entries.next().getValue().at() >= oldestKept) {
        break;
      }
      entries.remove();
    }
  }

  /** Writes the live entries to a temporary file, syncs it, and atomically replaces the log. */
  private void rewrite() {
    Path temporary = directory.resolve(FILE_NAME + ".tmp");
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Entry> entry : appliedAt.entrySet()) {
      int space = entry.getKey().indexOf(' ');
      String sink = entry.getKey().substring(0, space);
      String commandId = entry.getKey().substring(space + 1);
      text.append(line(entry.getValue().at(), entry.getValue().outcome(), sink, commandId));
    }
    try {
      if (log != null) {
        log.close();
      }
      try (FileChannel out =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory();
      linesInFile = appliedAt.size();
      log = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact the dedup store " + file, e);
    }
  }

  private void syncDirectory() {
    // Makes the rename itself durable; not every platform lets a directory be opened for sync.
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
    }
  }

  private static String line(long at, Outcome outcome, String sink, String commandId) {
    return at
        + " "
        + outcome
        + " "
        + sink
        + " "
        + URLEncoder.encode(commandId, StandardCharsets.UTF_8)
        + "\n";
  }

  private record Entry(long at, Outcome outcome) {}

  private static String key(String commandId, String sink) {
    return checkSink(sink) + " " + commandId;
  }

  private static String checkSink(String sink) {
    if (sink == null || !SINK_NAME.matcher(sink).matches()) {
      throw new IllegalArgumentException("sink name must match [a-z0-9-]+, was '" + sink + "'");
    }
    return sink;
  }
}
