package dev.vigil.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.events.Detection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's first command, {@code vigil demo} with its defaults (one minute, seed 1), end to end
 * on the real embedded broker: every detection catches an injected attack within the run, every
 * alert line says what it fired on, nothing fires on ordinary traffic, look-alikes or the
 * pre-loaded history, and the closing table adds up.
 */
class DemoCommandIT {

  private static final Pattern ALERT =
      Pattern.compile("^\\d\\d:\\d\\d:\\d\\d ALERT  (attack|look-alike|ordinary) +.* \\[(.+)]$");
  private static final Pattern ROW =
      Pattern.compile("^(\\w+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+)(?: +(-|[\\d.]+ s))?$");

  @Test
  void catchesEveryDetectionWithoutAFalseAlertAndSaysSo() {
    StringWriter out = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int exit = cli.execute("demo", "--http-port", "0");

    String text = out.toString();
    assertThat(exit).as(text).isZero();
    assertThat(text).startsWith("Vigil demo: Kafka 127.0.0.1:");
    assertThat(text).containsPattern("Vigil read the history \\d+ s after \\d\\d:\\d\\d:\\d\\d\\.");

    List<String> alertLines =
        text.lines().filter(line -> line.matches("\\d\\d:\\d\\d:\\d\\d ALERT .*")).toList();
    assertThat(alertLines).as(text).isNotEmpty();
    for (String line : alertLines) {
      Matcher alert = ALERT.matcher(line);
      assertThat(alert.matches()).as("labelled alert line: %s", line).isTrue();
      assertThat(alert.group(1)).as(line).isEqualTo("attack");
      assertThat(alert.group(2)).as(line).matches("camp-\\d{3} \\w+.*");
    }

    Matcher stopped =
        Pattern.compile(
                "Demo stopped \\(duration elapsed\\) \\d+ s after the demo clock started: [\\d,]+"
                    + " live events after the history, (\\d+) alerts, \\d+ revocation commands\\.")
            .matcher(text);
    assertThat(stopped.find()).as(text).isTrue();
    assertThat(Integer.parseInt(stopped.group(1))).isEqualTo(alertLines.size());

    Map<Detection, long[]> rows = new EnumMap<>(Detection.class);
    long[] all = null;
    for (String line : text.lines().toList()) {
      Matcher row = ROW.matcher(line);
      if (!row.matches()) {
        continue;
      }
      long[] numbers = new long[5];
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = Long.parseLong(row.group(i + 2));
      }
      if (row.group(1).equals("all")) {
        all = numbers;
      } else {
        rows.put(Detection.valueOf(row.group(1)), numbers);
        assertThat(row.group(7)).as("first caught of %s", row.group(1)).matches("[\\d.]+ s");
      }
    }
    assertThat(rows).as(text).containsOnlyKeys(Detection.values());
    long[] sums = new long[5];
    for (Map.Entry<Detection, long[]> row : rows.entrySet()) {
      long[] n = row.getValue();
      assertThat(n[1]).as("%s caught", row.getKey()).isPositive();
      assertThat(n[1] + n[2] + n[3])
          .as("%s caught + missed + to come", row.getKey())
          .isEqualTo(n[0]);
      // The demo stops only once every attack has played out and had its judging delay, and every
      // default attack is one the demo pack catches (a dormant wake-up whose calls came after the
      // stop was once scored missed).
      assertThat(n[3]).as("%s to come at the stop: %s", row.getKey(), text).isZero();
      assertThat(n[2]).as("%s missed: %s", row.getKey(), text).isZero();
      assertThat(n[4]).as("%s false alerts", row.getKey()).isZero();
      Arrays.setAll(sums, i -> sums[i] + n[i]);
    }
    assertThat(all).as("the 'all' row of %s", text).isEqualTo(sums);
    assertThat(text)
        .containsPattern(
            "Alerts: "
                + alertLines.size()
                + " on injected attacks \\(\\d+ of them on another"
                + " detection's attack\\), 0 on look-alikes, 0 on ordinary traffic; 0 raised by"
                + " the pre-loaded history\\.");
    assertThat(text).containsPattern("Event-to-alert latency .*: \\d+ alerts, mean");
  }
}
