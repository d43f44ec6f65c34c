package dev.vigil.tools.replay;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.events.AuthEventKind;
import dev.vigil.rules.RulePack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {

  /** Lines name prebuilt events, so the test exercises the command, not a JSON codec. */
  private static final Map<String, SpecificRecord> LINES =
      Map.of(
          "issue", issued("i-1", at(0), "svc@corp", "tok-1").setAudience("github").build(),
          "revoke", auth("r-1", at(10), "svc@corp", AuthEventKind.TOKEN_REVOKED).setTokenId("tok-1").build(),
          "use", use("u-1", at(400), "svc@corp", "tok-1", "vault").build());

  private static final EventLineParser PARSER =
      line -> {
        SpecificRecord event = LINES.get(line.trim());
        if (event == null) {
          throw new IllegalArgumentException("field 'event_type': unknown line '" + line + "'");
        }
        return event;
      };

  private static final RulePackSource PACKS =
      new RulePackSource() {
        @Override
        public RulePack load(Path file) {
          throw new IllegalArgumentException(file + ":1:1: field 'pack': missing");
        }

        @Override
        public RulePack defaultPack() {
          return TestPacks.standard();
        }
      };

  @Test
  void replaysInEventTimeOrderSkipsAndCountsBadLines(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.write(events, List.of("use", "{broken", "", "revoke", "issue", "also broken"));
    Path alerts = dir.resolve("alerts.jsonl");
    Path commands = dir.resolve("revocations.jsonl");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = run(out, err, "--events", events.toString(), "--alerts", alerts.toString(), "--revocations", commands.toString());

    assertThat(exit).isZero();
    assertThat(err.toString()).contains(events + ":2: field 'event_type'").contains(events + ":6: ");
    assertThat(out.toString()).contains("replayed 3 events (5 lines, 2 bad lines skipped)").contains("2 alerts, 1 revocation commands");
    assertThat(Files.readAllLines(alerts)).hasSize(2).anyMatch(l -> l.contains("replay-revoked")).anyMatch(l -> l.contains("lateral-audience"));
    assertThat(Files.readAllLines(commands)).singleElement().asString().contains("REVOKE_TOKEN").contains("tok-1");
  }

  @Test
  void anInvalidPackOrMissingFileStopsBeforeReplaying(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int exit = run(new StringWriter(), err, "--events", dir.resolve("none.jsonl").toString(), "--alerts", dir.resolve("a").toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("none.jsonl: no such file");
  }

  @Test
  void aRefusedPackIsReportedWithItsLocation(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.write(events, List.of("issue"));
    StringWriter err = new StringWriter();
    int exit = run(new StringWriter(), err, "--events", events.toString(), "--rules", "bad.yaml", "--alerts", dir.resolve("a").toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("bad.yaml:1:1: field 'pack'");
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new ReplayCommand(PARSER, SpecificRecord::toString, PACKS));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
