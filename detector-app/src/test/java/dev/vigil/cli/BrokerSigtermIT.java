package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIGTERM to a running Vigil process closes what it started before the JVM exits. */
class BrokerSigtermIT {

  private static final Pattern READY =
      Pattern.compile("Kafka ready at 127\\.0\\.0\\.1:\\d+ in \\d+ ms \\(data in (\\S+)\\)");

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void sigtermStopsTheBrokerAndDeletesItsData() throws Exception {
    Path log = Files.createTempFile("vigil-sigterm", ".log");
    Process vigil =
        // The shipped logging (INFO to stderr), not the tests' quiet logback-test.xml.
        VigilJvm.command(List.of("-Dlogback.configurationFile=logback.xml"), "broker")
            .redirectError(log.toFile())
            .start();
    try {
      Path data = awaitReady(vigil);

      vigil.destroy(); // SIGTERM

      assertThat(vigil.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(data)).as("broker data directory after SIGTERM").isFalse();
      assertThat(Files.readString(log))
          .containsPattern("Embedded Kafka at 127\\.0\\.0\\.1:\\d+ stopped in \\d+ ms");
    } finally {
      vigil.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static Path awaitReady(Process vigil) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(vigil.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      Matcher ready = READY.matcher(line);
      if (ready.find()) {
        return Path.of(ready.group(1));
      }
    }
    throw new AssertionError("vigil broker exited before announcing the broker");
  }
}
