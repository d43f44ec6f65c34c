package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
    "500ms, 500",
    "30s, 30000",
    "10m, 600000",
    "24h, 86400000",
    "7d, 604800000",
    "1h30m, 5400000",
    "PT10M, 600000",
    "P7D, 604800000",
    "pt1h, 3600000",
    "0s, 0",
  })
  void parsesPackForms(String text, long millis) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ten", "600", "10", "10 m", "10M", "m10", "-5m", "1.5h", "P", ""})
  void refusesWhatIsNotADuration(String text) {
    assertThat(DurationText.parse(text)).isNull();
  }

  @Property
  void formatThenParseIsIdentity(@ForAll @LongRange(min = 0, max = 400L * 86_400_000) long millis) {
    Duration d = Duration.ofMillis(millis);
    assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
  }
}
