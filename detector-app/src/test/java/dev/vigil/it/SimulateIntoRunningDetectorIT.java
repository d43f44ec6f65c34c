package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The local walkthrough's order: {@code vigil run} first, then {@code vigil simulate} into the
 * running detector. The simulator's history goes out at full speed, in transactions that each span
 * at most 15 s of event time, so the detector (read_committed) reads both topics in step: every
 * event is taken in, nothing is dead-lettered as late, and the live traffic after it arrives on
 * time too. (When lateness was judged against the task's stream time, the same run with {@code
 * --no-transactions} had 2,129 of its events dead-lettered as late; see {@code LaggingProducerIT}
 * for a topic that really is behind the other.)
 */
class SimulateIntoRunningDetectorIT {

  private static final String REGISTRY = "mock://simulate-into-running-it";
  private static final Pattern STOPPED =
      Pattern.compile("Stopped \\([^)]*\\) after ([\\d,]+) events");

  @TempDir Path stateDir;

  @Test
  void aFullSpeedHistoryIntoARunningDetectorHasNothingLate() throws Exception {
    ItScope scope = new ItScope("it-simulate-running", 3);
    try (RunningDetector detector =
        RunningDetector.start(
            scope, scope.config(stateDir, Map.of("vigil.schema.registry.url", REGISTRY)))) {
      StringWriter err = new StringWriter();
      CommandLine simulate = VigilCli.commandLine();
      simulate.setErr(new PrintWriter(err, true));
      int exit =
          simulate.execute(
              "simulate",
              "--bootstrap-servers",
              ItCluster.kafka().bootstrapServers(),
              "--schema-registry-url",
              REGISTRY,
              "--set",
              "vigil.topic.auth.events=" + scope.topics().authEvents(),
              "--set",
              "vigil.topic.token.events=" + scope.topics().tokenEvents(),
              "--identities",
              "50",
              "--days",
              "1",
              "--warm-up",
              "23h",
              // The history is what this test is about; 20 s of live traffic after it is enough
              // to show the switch to wall-clock pacing also arrives on time.
              "--duration",
              "20s");
      System.out.print(err);
      assertThat(exit).as(err.toString()).isZero();
      assertThat(err.toString()).contains("History: ");
      Matcher stopped = STOPPED.matcher(err.toString());
      assertThat(stopped.find()).as(err.toString()).isTrue();
      long sent = Long.parseLong(stopped.group(1).replace(",", ""));
      assertThat(sent).isGreaterThan(500);

      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> RunningDetector.judged(detector.scrape()) >= sent);
      String metrics = detector.scrape();
      assertThat(RunningDetector.sum(metrics, "vigil_events_late_total"))
          .as("late events")
          .isZero();
      assertThat(RunningDetector.sum(metrics, "vigil_events_in_total")).isEqualTo(sent);
    }
  }
}
