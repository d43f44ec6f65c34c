package dev.vigil.tools.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.fixtures.ManualClock;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dedup file that lost what it recorded is detected, never silently forgotten: each such loss
 * would let the consumer apply again every revocation command it had applied. Before the header,
 * marker and checksums, a truncated or emptied file opened as a store that simply remembered less.
 */
class AppliedCommandStoreIntegrityTest {

  private static final Duration WEEK = Duration.ofDays(7);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));

  /** A store that applied three commands, closed. */
  private Path storeWithThreeCommands() {
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      store.record("cmd-1", "webhook", AppliedCommandStore.Outcome.DELIVERED);
      store.record("cmd-2", "webhook", AppliedCommandStore.Outcome.DELIVERED);
      store.record("cmd-3", "log", AppliedCommandStore.Outcome.DEAD_LETTERED);
      return store.file();
    }
  }

  @Test
  void aValidFileOpensWithEveryRecordAndItsHeaderCount() throws Exception {
    Path file = storeWithThreeCommands();

    assertThat(Files.readAllLines(file).get(0))
        .matches("vigil-applied-commands 2 records=0{19}3 crc=[0-9a-f]{8}");
    assertThat(dir.resolve(AppliedCommandStore.MARKER_NAME)).exists();
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.size()).isEqualTo(3);
      assertThat(store.contains("cmd-3", "log")).isTrue();
    }
  }

  /** Byte for byte the example of docs/RELIABILITY.md and the class comment. */
  @Test
  void theFileIsTheDocumentedFormat() throws Exception {
    ManualClock at = new ManualClock(Instant.ofEpochMilli(1_795_860_000_000L));
    Path file;
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, at)) {
      store.record(
          "4cb6106b-48d9-5c5c-8c30-22392de49409", "webhook", AppliedCommandStore.Outcome.DELIVERED);
      at.advance(Duration.ofMillis(420));
      store.record(
          "e44af1d7-65c7-5b4a-9ed8-eca345d6a0a9", "log", AppliedCommandStore.Outcome.DEAD_LETTERED);
      file = store.file();
    }

    assertThat(Files.readString(file))
        .isEqualTo(
            "vigil-applied-commands 2 records=00000000000000000002 crc=5701e755\n"
                + "1795860000000 DELIVERED webhook 4cb6106b-48d9-5c5c-8c30-22392de49409 ea763bad\n"
                + "1795860000420 DEAD_LETTERED log e44af1d7-65c7-5b4a-9ed8-eca345d6a0a9"
                + " a1b0bb02\n");
    assertThat(Files.readString(dir.resolve(AppliedCommandStore.MARKER_NAME)))
        .isEqualTo("vigil-applied-commands 2\n");
  }

  @Test
  void aTruncatedFileIsRefusedNamingTheFile() throws Exception {
    Path file = storeWithThreeCommands();
    List<String> lines = Files.readAllLines(file);
    // Lost its last record line, cleanly at a line end: nothing torn to notice but the count.
    Files.writeString(file, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n");

    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dedup store " + file + " is truncated")
        .hasMessageContaining("counts 3 record line(s) but 2 are left")
        .hasMessageContaining("Refusing to start")
        .hasMessageContaining("move " + file);
  }

  @Test
  void aFileTruncatedInsideALineIsRefusedToo() throws Exception {
    Path file = storeWithThreeCommands();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 20);
    }

    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is truncated");
  }

  @Test
  void anEmptiedFileIsRefused() throws Exception {
    Path file = storeWithThreeCommands();
    Files.write(file, new byte[0]);

    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dedup store " + file + " is emptied");
  }

  @Test
  void aDeletedFileIsRefusedWhileTheMarkerSaysThereWasOne() throws Exception {
    Path file = storeWithThreeCommands();
    Files.delete(file);

    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is missing");
  }

  @Test
  void aCorruptedLineIsRefusedNamingTheLine() throws Exception {
    Path file = storeWithThreeCommands();
    String text = Files.readString(file);
    // One command id changed by a flipped character: still a well-formed line.
    Files.writeString(file, text.replace(" cmd-2 ", " cmd-7 "));

    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is corrupted: line 3 does not match its checksum");
  }

  @Test
  void aCorruptedHeaderIsRefused() throws Exception {
    Path file = storeWithThreeCommands();
    String text = Files.readString(file);
    Files.writeString(file, text.replaceFirst("records=0{19}3", "records=00000000000000000001"));

    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checksum of its header does not match");
  }

  @Test
  void startingAfreshIsTheOperatorsExplicitMove() throws Exception {
    Path file = storeWithThreeCommands();
    Files.write(file, new byte[0]);
    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .isInstanceOf(IllegalStateException.class);

    // What the error tells the operator to do when there is no backup to restore.
    Files.move(file, dir.resolve("applied-commands.log.lost"));
    Files.move(
        dir.resolve(AppliedCommandStore.MARKER_NAME), dir.resolve("applied-commands.format.lost"));
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void aLineWrittenJustBeforeACrashThatTheHeaderDoesNotCountYetIsKept() throws Exception {
    Path file = storeWithThreeCommands();
    String headerOfThree = Files.readAllLines(file).get(0);
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      store.record("cmd-4", "log", AppliedCommandStore.Outcome.DEAD_LETTERED);
    }
    // The state after a crash between appending cmd-4's line and counting it in the header.
    List<String> records = Files.readAllLines(file).subList(1, 5);
    Files.writeString(file, headerOfThree + "\n" + String.join("\n", records) + "\n");

    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.contains("cmd-4", "log")).isTrue();
      assertThat(store.size()).isEqualTo(4);
    }
    assertThat(Files.readAllLines(file).get(0)).contains("records=00000000000000000004");
  }

  @Test
  void anOldFileWithoutHeaderIsReadOnceAndRewrittenWithOne() throws Exception {
    Path file = dir.resolve(AppliedCommandStore.FILE_NAME);
    long now = clock.millis();
    Files.writeString(
        file,
        now + " DELIVERED webhook a\n" + now + " DEAD_LETTERED log b\n",
        StandardCharsets.UTF_8);

    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.contains("a", "webhook")).isTrue();
      assertThat(store.contains("b", "log")).isTrue();
    }
    assertThat(Files.readAllLines(file).get(0)).contains("records=00000000000000000002");
    assertThat(dir.resolve(AppliedCommandStore.MARKER_NAME)).exists();

    // From now on the file is guarded like any other.
    Files.write(file, new byte[0]);
    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .hasMessageContaining("is emptied");
  }

  @Test
  void anEmptyOldFileWithoutMarkerIsANewStore() throws Exception {
    // What the old version left after a run that applied nothing.
    Files.write(dir.resolve(AppliedCommandStore.FILE_NAME), new byte[0]);

    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.size()).isZero();
      store.record("c", "log", AppliedCommandStore.Outcome.DELIVERED);
    }
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.contains("c", "log")).isTrue();
    }
  }
}
