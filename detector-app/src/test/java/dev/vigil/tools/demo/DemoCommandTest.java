package dev.vigil.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.runtime.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A bad demo command line is refused before the broker starts, which takes seconds. */
class DemoCommandTest {

  private final StringWriter err = new StringWriter();

  private int demo(String... args) {
    DemoCommand demo = new DemoCommand();
    demo.broker =
        () -> {
          throw new AssertionError("the broker was started for a bad command line");
        };
    CommandLine cli = VigilCli.conventions(new CommandLine(demo));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void refusesAPortOutOfRangeBeforeStartingKafka() {
    assertThat(demo("--http-port", "99999")).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("vigil.http.port").contains("99999");
  }

  @Test
  void refusesANonPositiveDurationBeforeStartingKafka() {
    assertThat(demo("--duration", "0s")).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("--duration must be positive");
  }

  @Test
  void refusesAnImpossibleRateBeforeStartingKafka() {
    assertThat(demo("--rate", "0")).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("rate must be a positive number");
  }
}
