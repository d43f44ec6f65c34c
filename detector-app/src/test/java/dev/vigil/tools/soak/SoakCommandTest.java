package dev.vigil.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.runtime.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SoakCommandTest {

  @Test
  void badOptionsAreRefusedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("soak", "--kills", "3", "--instances", "5");

    assertThat(code).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("--instances must be 1 or 2");
  }
}
