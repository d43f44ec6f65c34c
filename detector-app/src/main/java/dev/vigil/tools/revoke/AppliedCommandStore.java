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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which (command id, sink) pairs reached a final outcome, so a command read again after a
 * restart is not applied twice. An append-only text file in the state directory, one line per
 * outcome, {@code fsync}ed before {@link #record} returns: once a line is written, the outcome
 * survives a crash. Entries older than the retention are forgotten; the file is rewritten without
 * them on open and whenever expired lines outnumber live ones.
 *
 * <h2>Format (version 2)</h2>
 *
 * <pre>
 * vigil-applied-commands 2 records=00000000000000000002 crc=5701e755
 * 1795860000000 DELIVERED webhook 4cb6106b-48d9-5c5c-8c30-22392de49409 ea763bad
 * 1795860000420 DEAD_LETTERED log e44af1d7-65c7-5b4a-9ed8-eca345d6a0a9 a1b0bb02
 * </pre>
 *
 * The header names the format and how many record lines the file holds; it is rewritten in place
 * (fixed width) after each appended line is on disk. Each record line is {@code <epoch millis>
 * <outcome> <sink> <url-encoded command id> <crc32 of the text before it>}. Beside the file,
 * {@value #MARKER_NAME} says the directory holds a version-2 store. So a store that lost lines is
 * told from one that never had them, and the consumer refuses to start, naming the file:
 *
 * <ul>
 *   <li><b>truncated</b>: fewer record lines than the header counts;
 *   <li><b>emptied or overwritten</b>: no valid header, or no file at all, where the marker says a
 *       store was;
 *   <li><b>corrupted</b>: a record line (or the header) whose checksum does not match.
 * </ul>
 *
 * Forgetting applied commands silently would apply every command still on the topic again. To start
 * afresh on purpose, the operator moves the file and the marker away (the error says so).
 *
 * <p>A torn last line (a crash mid-write, before the header counted it) is dropped with a warning.
 * One line more than the header counts (a crash between the line and the header) is kept.
 *
 * <p><b>Version 1</b> files (no header, 4 fields a line) and no marker: read once, strictly as
 * before (a malformed line anywhere but last is an error naming file and line), and rewritten as
 * version 2. Such a file carries nothing to tell whether it was truncated before the upgrade.
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
  static final String MARKER_NAME = "applied-commands.format";
  private static final String LOCK_NAME = "revoker.lock";
  private static final String FORMAT = "vigil-applied-commands";
  private static final int VERSION = 2;
  private static final String MARKER_TEXT = FORMAT + " " + VERSION + "\n";
  private static final Pattern HEADER =
      Pattern.compile(FORMAT + " (\\d+) records=(\\d{20}) crc=([0-9a-f]{8})");
  private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9-]+");
  private static final int MIN_LINES_BEFORE_COMPACTION = 1024;
  private static final Logger LOG = LoggerFactory.getLogger(AppliedCommandStore.class);

  private final Path directory;
  private final Path file;
  private final Path marker;
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
    this.marker = directory.resolve(MARKER_NAME);
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
      try {
        store.load();
      } catch (RuntimeException | IOException e) {
        // A store refused on open must not keep the directory locked.
        lock.release();
        lockChannel.close();
        throw e;
      }
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
      // The line first, then the count that includes it: a crash in between leaves one line more
      // than counted (kept on open), never fewer (which would read as lost records).
      writeFully(line(now, outcome, checkSink(sink), commandId), log.size());
      log.force(false);
      writeFully(header(linesInFile + 1), 0);
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
    boolean hasMarker = Files.exists(marker);
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
      if (!lines.isEmpty() && lines.get(0).startsWith(FORMAT + " ")) {
        long counted = readHeader(lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
          parse(lines.get(i), i + 1, true);
        }
        long found = lines.size() - 1L;
        if (found < counted) {
          throw lost(
              "truncated: its header counts "
                  + counted
                  + " record line(s) but "
                  + found
                  + " are left");
        }
        linesInFile = found;
        dirty |= found != counted || !hasMarker;
      } else if (hasMarker) {
        throw lost(
            text.isEmpty()
                ? "emptied: the file is empty"
                : "overwritten: its first line is not a '" + FORMAT + "' header");
      } else {
        // Version 1, written before the header existed: read strictly, rewritten as version 2.
        for (int i = 0; i < lines.size(); i++) {
          parse(lines.get(i), i + 1, false);
        }
        LOG.info(
            "dedup store {} is in the format without header ({} line(s)); rewriting it as"
                + " version {}",
            file,
            lines.size(),
            VERSION);
        linesInFile = lines.size();
        dirty = true;
      }
    } else if (hasMarker) {
      throw lost("missing: " + marker + " says this directory holds a dedup store");
    } else {
      dirty = true; // a new store: written with its header, then the marker
    }
    int before = appliedAt.size();
    expire(now);
    dirty |= appliedAt.size() != before;
    if (dirty) {
      rewrite();
    } else {
      log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
  }

  /** The record count of a version-2 header, or an error naming the file when it is not one. */
  private long readHeader(String line) {
    Matcher header = HEADER.matcher(line);
    if (!header.matches()) {
      throw lost("corrupted: its header '" + line + "' is not one Vigil writes");
    }
    if (Integer.parseInt(header.group(1)) != VERSION) {
      throw new IllegalStateException(
          file
              + ": dedup store format version "
              + header.group(1)
              + " is not one this version of Vigil reads ("
              + VERSION
              + ")");
    }
    String body = line.substring(0, line.lastIndexOf(' '));
    if (!crc(body).equals(header.group(3))) {
      throw lost("corrupted: the checksum of its header does not match");
    }
    return Long.parseLong(header.group(2));
  }

  private void parse(String line, int lineNumber, boolean checksummed) {
    if (checksummed) {
      int space = line.lastIndexOf(' ');
      if (space < 0 || !crc(line.substring(0, space)).equals(line.substring(space + 1))) {
        throw lost("corrupted: line " + lineNumber + " does not match its checksum");
      }
      line = line.substring(0, space);
    }
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

  /**
   * The store lost what it recorded. Starting anyway would apply again every command it forgot, so
   * the consumer refuses, saying how to start afresh on purpose.
   */
  private IllegalStateException lost(String what) {
    return new IllegalStateException(
        "dedup store "
            + file
            + " is "
            + what
            + ". Refusing to start: revocation commands it recorded as applied could be applied"
            + " again. Restore the file from a backup, or, to start afresh accepting that, move "
            + file
            + " and "
            + marker
            + " out of "
            + directory);
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
    StringBuilder text = new StringBuilder(header(appliedAt.size()));
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
      if (!Files.exists(marker)) {
        try (FileChannel out =
            FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          out.write(ByteBuffer.wrap(MARKER_TEXT.getBytes(StandardCharsets.UTF_8)));
          out.force(true);
        }
      }
      syncDirectory();
      linesInFile = appliedAt.size();
      log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
    String body =
        at
            + " "
            + outcome
            + " "
            + sink
            + " "
            + URLEncoder.encode(commandId, StandardCharsets.UTF_8);
    return body + " " + crc(body) + "\n";
  }

  /** The fixed-width header line counting {@code records} record lines. */
  private static String header(long records) {
    String body = String.format("%s %d records=%020d", FORMAT, VERSION, records);
    return body + " crc=" + crc(body) + "\n";
  }

  private static String crc(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  private void writeFully(String text, long position) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    long at = position;
    while (bytes.hasRemaining()) {
      at += log.write(bytes, at);
    }
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
