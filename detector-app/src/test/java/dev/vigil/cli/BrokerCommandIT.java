package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BrokerCommandIT {

  @Test
  void startsAnnouncesAndAfterItsDurationStopsAndCleansUp() {
    StringWriter out = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int exit = cli.execute("broker", "--duration", "1s");

    assertThat(exit).isZero();
    Matcher ready =
        Pattern.compile("Kafka ready at 127\\.0\\.0\\.1:\\d+ in \\d+ ms \\(data in (\\S+)\\)")
            .matcher(out.toString());
    assertThat(ready.find()).as(out.toString()).isTrue();
    assertThat(Files.exists(Path.of(ready.group(1)))).isFalse();
    assertThat(out.toString()).endsWith("Kafka stopped." + System.lineSeparator());
  }

  @Test
  void aBadDurationIsRefusedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("broker", "--duration", "forever")).isEqualTo(2);
    assertThat(err.toString()).contains("--duration 'forever' is not a duration");
  }
}
