package dev.vigil.tools.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.events.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

  @TempDir Path dir;

  @Test
  void writesIdenticalFilesForTheSameSeedAndOtherFilesForAnother() throws IOException {
    Run first = run("a", "--seed", "5");
    Run second = run("b", "--seed", "5");
    Run other = run("c", "--seed", "6");

    assertThat(first.exit).isZero();
    assertThat(Files.readAllBytes(second.events)).isEqualTo(Files.readAllBytes(first.events));
    assertThat(Files.readAllBytes(second.labels)).isEqualTo(Files.readAllBytes(first.labels));
    assertThat(Files.readAllBytes(other.events)).isNotEqualTo(Files.readAllBytes(first.events));
  }

  @Test
  void everyLineParsesAndEveryLabelledEventIsInTheEventFile() throws IOException {
    Run run = run("d", "--seed", "9");

    List<String> lines = Files.readAllLines(run.events);
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      ids.add(
          EventJson.write(EventJson.parseEvent(line)).equals(line)
              ? idOf(line)
              : "unstable:" + line);
    }
    assertThat(ids).hasSameSizeAs(lines).noneMatch(id -> id.startsWith("unstable:"));
    List<CampaignLabel> labels =
        Files.readAllLines(run.labels).stream().map(LabelJson::parse).toList();
    assertThat(labels).isNotEmpty();
    assertThat(labels).allSatisfy(label -> assertThat(ids).containsAll(label.eventIds()));
    assertThat(run.stderr).contains("simulated ").contains("campaigns: " + labels.size());
  }

  @Test
  void campaignsWithinMakesEveryAttackStrikeInTheWindowAfterTheWarmUp() throws IOException {
    Run run = run("w", "--warm-up", "12h", "--campaigns-within", "2m");

    Instant from = SimulationConfig.DEFAULT_START.plus(Duration.ofHours(12));
    List<CampaignLabel> attacks =
        Files.readAllLines(run.labels).stream()
            .map(LabelJson::parse)
            .filter(CampaignLabel::malicious)
            .toList();
    assertThat(run.exit).as(run.stderr).isZero();
    assertThat(attacks)
        .hasSizeGreaterThanOrEqualTo(8)
        .allSatisfy(
            label ->
                assertThat(label.attackStart())
                    .as(label.campaignId())
                    .isBetween(from, from.plus(Duration.ofMinutes(2))));
  }

  @Test
  void rejectsImpossibleOptionsWithAClearMessage() {
    Run run = run("e", "--warm-up", "P5D");

    assertThat(run.exit).isNotZero();
    assertThat(run.stderr)
        .contains("warm-up must be within the 1 simulated days")
        .doesNotContain("Exception");
    assertThat(run.events).doesNotExist();
  }

  @Test
  void refusesKafkaAndDetectorOptionsInFileModeNamingThem() {
    Run kafkaOnly = run("f", "--set", "acks=all", "--rate", "10");
    Run detectorOnly = run("g", "--rules", "pack.yaml");

    assertThat(kafkaOnly.exit).isEqualTo(2);
    assertThat(kafkaOnly.stderr)
        .contains("--set, --rate apply to Kafka mode only (without --out and --labels)");
    assertThat(detectorOnly.exit).isEqualTo(2);
    assertThat(detectorOnly.stderr).contains("--rules applies to the detector (vigil run)");
  }

  private static String idOf(String line) {
    int start = line.indexOf("\"event_id\":\"") + 12;
    return line.substring(start, line.indexOf('"', start));
  }

  private record Run(int exit, Path events, Path labels, String stderr) {}

  private Run run(String name, String... options) {
    Path events = dir.resolve(name + "-events.jsonl");
    Path labels = dir.resolve(name + "-labels.jsonl");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      CommandLine cli = VigilCli.commandLine();
      cli.setErr(new java.io.PrintWriter(System.err, true));
      String[] base = {
        "simulate",
        "--out",
        events.toString(),
        "--labels",
        labels.toString(),
        "--days",
        "1",
        "--identities",
        "40",
        "--attacks-per-detection",
        "2"
      };
      String[] args = new String[base.length + options.length];
      System.arraycopy(base, 0, args, 0, base.length);
      System.arraycopy(options, 0, args, base.length, options.length);
      exit = cli.execute(args);
    } finally {
      System.setErr(saved);
    }
    return new Run(exit, events, labels, err.toString(StandardCharsets.UTF_8));
  }
}
