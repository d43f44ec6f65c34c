package dev.vigil.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's run command, end to end: alerts print within the demo's first minute and it stops
 * cleanly.
 */
class DemoCommandIT {

  @Test
  void printsAlertsAndRevocationCommandsThenASummary() {
    StringWriter out = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int exit = cli.execute("demo", "--duration", "75s", "--http-port", "0");

    String text = out.toString();
    assertThat(exit).as(text).isZero();
    assertThat(text).startsWith("Vigil demo: Kafka 127.0.0.1:");
    assertThat(text.lines().filter(line -> line.matches("\\d\\d:\\d\\d:\\d\\d ALERT  .*")))
        .as(text)
        .isNotEmpty();
    assertThat(text)
        .containsPattern(
            "Demo stopped \\(duration elapsed\\): [\\d,]+ live events sent after the history,"
                + " [1-9][\\d,]* alerts");
    assertThat(text)
        .containsPattern("first \\w+ +alert: \\d+\\.\\d s after the demo clock started");
  }
}
