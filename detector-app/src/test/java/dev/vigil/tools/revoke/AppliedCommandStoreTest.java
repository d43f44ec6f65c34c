package dev.vigil.tools.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.fixtures.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedCommandStoreTest {

  private static final Duration WEEK = Duration.ofDays(7);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));

  @Test
  void remembersOutcomesAcrossReopening() {
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      store.record("cmd-1", "webhook", AppliedCommandStore.Outcome.DELIVERED);
      store.record("cmd-2", "webhook", AppliedCommandStore.Outcome.DEAD_LETTERED);
    }
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.contains("cmd-1", "webhook")).isTrue();
      assertThat(store.contains("cmd-2", "webhook")).isTrue();
      assertThat(store.contains("cmd-1", "log")).isFalse();
      assertThat(store.contains("cmd-3", "webhook")).isFalse();
      assertThat(store.size()).isEqualTo(2);
    }
  }

  @Test
  void commandIdsWithSpacesAndNewlinesRoundTrip() {
    String odd = "alert 42\nline two%";
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      store.record(odd, "log", AppliedCommandStore.Outcome.DELIVERED);
    }
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.contains(odd, "log")).isTrue();
    }
  }

  @Test
  void forgetsEntriesOlderThanTheRetentionAndCompactsTheFile() throws Exception {
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      store.record("old", "webhook", AppliedCommandStore.Outcome.DELIVERED);
      clock.advance(Duration.ofDays(6));
      store.record("recent", "webhook", AppliedCommandStore.Outcome.DELIVERED);
    }
    clock.advance(Duration.ofDays(2));
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.contains("old", "webhook")).isFalse();
      assertThat(store.contains("recent", "webhook")).isTrue();
      assertThat(recordLines(store.file()))
          .singleElement()
          .satisfies(line -> assertThat(line).contains(" DELIVERED webhook recent "));
    }
  }

  @Test
  void compactsWhileRunningOnceExpiredLinesDominate() throws Exception {
    try (AppliedCommandStore store =
        AppliedCommandStore.open(dir, Duration.ofHours(1), clock, 20)) {
      for (int i = 0; i < 30; i++) {
        store.record("cmd-" + i, "webhook", AppliedCommandStore.Outcome.DELIVERED);
      }
      assertThat(recordLines(store.file())).hasSize(30);
      clock.advance(Duration.ofHours(2));
      store.record("fresh", "webhook", AppliedCommandStore.Outcome.DELIVERED);

      assertThat(store.size()).isEqualTo(1);
      assertThat(recordLines(store.file())).hasSize(1);
      store.record("after-compaction", "webhook", AppliedCommandStore.Outcome.DELIVERED);
    }
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, Duration.ofHours(1), clock)) {
      assertThat(store.contains("fresh", "webhook")).isTrue();
      assertThat(store.contains("after-compaction", "webhook")).isTrue();
      assertThat(store.contains("cmd-3", "webhook")).isFalse();
    }
  }

  @Test
  void dropsALastLineTornByACrash() throws Exception {
    Path file;
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      store.record("whole", "webhook", AppliedCommandStore.Outcome.DELIVERED);
      file = store.file();
    }
    Files.writeString(
        file, "1795860000000 DELIV", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.contains("whole", "webhook")).isTrue();
      assertThat(store.size()).isEqualTo(1);
      store.record("next", "webhook", AppliedCommandStore.Outcome.DELIVERED);
    }
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThat(store.contains("next", "webhook")).isTrue();
    }
  }

  @Test
  void aMalformedLineInTheMiddleIsAnErrorNamingFileAndLine() throws Exception {
    Path file = dir.resolve(AppliedCommandStore.FILE_NAME);
    long now = clock.millis();
    Files.writeString(
        file,
        now
            + " DELIVERED webhook a\n"
            + now
            + " MAYBE webhook b\n"
            + now
            + " DELIVERED webhook c\n");

    assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file + ":2: unknown outcome 'MAYBE'");
  }

  @Test
  void aSecondConsumerCannotShareTheStateDirectory() {
    try (AppliedCommandStore first = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThatThrownBy(() -> AppliedCommandStore.open(dir, WEEK, clock))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another revocation consumer");
    }
    AppliedCommandStore.open(dir, WEEK, clock).close();
  }

  /** The record lines of a store file, without its header. */
  static List<String> recordLines(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).startsWith("vigil-applied-commands 2 records=");
    return lines.subList(1, lines.size());
  }

  @Test
  void rejectsSinkNamesThatWouldBreakTheFormat() {
    try (AppliedCommandStore store = AppliedCommandStore.open(dir, WEEK, clock)) {
      assertThatThrownBy(() -> store.record("c", "Web Hook", AppliedCommandStore.Outcome.DELIVERED))
          .hasMessageContaining("[a-z0-9-]+");
    }
  }
}
