package dev.vigil.tools.replay;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.auth;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEventKind;
import dev.vigil.events.json.EventJson;
import dev.vigil.runtime.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {

  private static final String ISSUE =
      EventJson.write(issued("i-1", at(0), "svc@corp", "tok-1").setAudience("github").build());
  private static final String REVOKE =
      EventJson.write(
          auth("r-1", at(10), "svc@corp", AuthEventKind.TOKEN_REVOKED).setTokenId("tok-1").build());
  private static final String USE =
      EventJson.write(use("u-1", at(400), "svc@corp", "tok-1", "vault").build());

  @Test
  void replaysInEventTimeOrderSkipsAndCountsBadLines(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.write(events, List.of(USE, "{broken", "", REVOKE, ISSUE, "{\"event_type\":\"auth\"}"));
    Path alerts = dir.resolve("alerts.jsonl");
    Path commands = dir.resolve("revocations.jsonl");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        run(
            out,
            err,
            "--events",
            events.toString(),
            "--alerts",
            alerts.toString(),
            "--revocations",
            commands.toString());

    assertThat(exit).isZero();
    assertThat(err.toString())
        .contains(events + ":2: ")
        .contains(events + ":6: ")
        .contains("event_id");
    assertThat(out.toString())
        .contains("replayed 3 events (5 lines, 2 bad lines skipped)")
        .contains("2 alerts, 1 revocation commands");
    assertThat(Files.readAllLines(alerts))
        .hasSize(2)
        .anyMatch(l -> l.contains("replay-revoked-or-expired-token"))
        .anyMatch(l -> l.contains("lateral-audience-mismatch"));
    assertThat(Files.readAllLines(commands))
        .singleElement()
        .asString()
        .contains("REVOKE_SESSIONS")
        .contains("svc@corp");
  }

  @Test
  void anInvalidPackOrMissingFileStopsBeforeReplaying(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int exit =
        run(
            new StringWriter(),
            err,
            "--events",
            dir.resolve("none.jsonl").toString(),
            "--alerts",
            dir.resolve("a").toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("none.jsonl: no such file");
  }

  @Test
  void aRefusedPackIsReportedWithItsLocation(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.write(events, List.of(ISSUE));
    Path pack = dir.resolve("bad.yaml");
    Files.writeString(
        pack, "pack: broken\nversion: \"1\"\nrules:\n  - id: x\n    kind: no_such_kind\n");
    StringWriter err = new StringWriter();
    int exit =
        run(
            new StringWriter(),
            err,
            "--events",
            events.toString(),
            "--rules",
            pack.toString(),
            "--alerts",
            dir.resolve("a").toString());
    assertThat(exit).isEqualTo(ExitCode.INVALID_RULES);
    assertThat(err.toString()).contains("bad.yaml:5:").contains("kind");
  }

  @Test
  void historyBeforeGoLiveBuildsStateOnlyOrComesBackRetrospectiveNeverAsACommand(@TempDir Path dir)
      throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.write(events, List.of(ISSUE, REVOKE, USE));
    Path alerts = dir.resolve("alerts.jsonl");
    Path commands = dir.resolve("revocations.jsonl");
    String[] files = {
      "--events",
      events.toString(),
      "--alerts",
      alerts.toString(),
      "--revocations",
      commands.toString()
    };

    // Go-live 10 minutes in: issuance and revocation are history, the use 400 s in is live and is
    // judged with the revocation learned from the history.
    StringWriter out = new StringWriter();
    assertThat(run(out, new StringWriter(), concat(files, "--go-live", "+10m"))).isZero();
    assertThat(out.toString())
        .contains("2 alerts, 1 revocation commands")
        .contains("2 events learned, 0 beyond the warm-up horizon not read, 0 findings suppressed");

    // Go-live an hour in: all of it is history; what it would raise is counted, not sent.
    out = new StringWriter();
    assertThat(run(out, new StringWriter(), concat(files, "--go-live", "+1h"))).isZero();
    assertThat(out.toString())
        .contains("0 alerts, 0 revocation commands")
        .contains("3 events learned, 0 beyond the warm-up horizon not read, 2 findings suppressed");

    out = new StringWriter();
    assertThat(
            run(
                out,
                new StringWriter(),
                concat(
                    files, "--go-live", at(3600).toString(), "--history-alerts", "retrospective")))
        .isZero();
    assertThat(out.toString()).contains("2 alerts, 0 revocation commands");
    assertThat(Files.readAllLines(alerts))
        .hasSize(2)
        .allMatch(line -> line.contains("\"retrospective\":true"));
    assertThat(Files.readAllLines(commands)).isEmpty();

    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, concat(files, "--go-live", "yesterday")))
        .isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("--go-live 'yesterday'");
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new ReplayCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
