package dev.vigil.tools.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.runtime.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil ssf} refuses a bad command line before it touches Kafka or opens a port. */
class SsfCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String err) {}

  private Run run(String... args) {
    CommandLine cli = VigilCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    return new Run(cli.execute(args), err.toString());
  }

  @Test
  void isRegisteredAndDocumentsItsEndpoints() {
    StringWriter out = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("ssf", "--help")).isZero();
    assertThat(out.toString())
        .contains("--receiver")
        .contains("--signing-key")
        .contains("--alerts-min-severity")
        .contains("/.well-known/ssf-configuration");
  }

  @Test
  void refusesAReceiverWithoutAUrl() {
    Run run =
        run(
            "ssf",
            "--issuer",
            "https://vigil.example",
            "--receiver",
            "name=siem",
            "--signing-key",
            dir.resolve("key.pem").toString(),
            "--state-dir",
            dir.toString());

    assertThat(run.exit()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.err()).contains("--receiver needs name= and url=");
  }

  @Test
  void refusesAMissingKeyFileNamingIt() throws Exception {
    Path missing = dir.resolve("no-such-key.pem");
    Run run =
        run(
            "ssf",
            "--issuer",
            "https://vigil.example",
            "--receiver",
            "name=siem,url=https://siem.example/ssf",
            "--signing-key",
            missing.toString(),
            "--state-dir",
            dir.resolve("state").toString());

    assertThat(run.exit()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.err()).contains("cannot read the signing key").contains(missing.toString());
    assertThat(Files.exists(dir.resolve("state"))).isFalse();
  }

  @Test
  void refusesAnUnknownSeverity() {
    Run run =
        run(
            "ssf",
            "--issuer",
            "https://vigil.example",
            "--receiver",
            "name=siem,url=https://siem.example/ssf",
            "--signing-key",
            dir.resolve("key.pem").toString(),
            "--alerts-min-severity",
            "SEVERE",
            "--state-dir",
            dir.toString());

    assertThat(run.exit()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(run.err()).contains("--alerts-min-severity must be LOW, MEDIUM, HIGH or CRITICAL");
  }
}
