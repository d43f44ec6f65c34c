package dev.vigil.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.Detection;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.tools.simulate.CampaignLabel;
import dev.vigil.tools.simulate.SimulatedEstate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void historyBeforeNowAndEveryCampaignStartsTwentyToFortySecondsAfter() {
    SimulatedEstate estate = DemoTraffic.defaults(1, 24, 3).estate(NOW);

    List<Instant> times = new ArrayList<>();
    Iterator<SpecificRecord> events = estate.iterator();
    while (events.hasNext()) {
      times.add(time(events.next()));
    }

    assertThat(times.get(0))
        .isBetween(NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofHours(20)));
    assertThat(times).isSorted();
    assertThat(times.stream().filter(t -> t.isBefore(NOW)).count()).isGreaterThan(1_000);
    assertThat(times.get(times.size() - 1)).isBefore(NOW.plus(Duration.ofDays(1)).plusSeconds(60));
    List<CampaignLabel> labels = estate.labels();
    assertThat(labels).extracting(CampaignLabel::detection).contains(Detection.values());
    // A campaign starts in the window; its first event may come a little later (a stolen token is
    // used minutes after it was taken), but most have begun within the first minute.
    assertThat(labels)
        .allSatisfy(label -> assertThat(label.start()).isAfterOrEqualTo(NOW.plusSeconds(20)));
    assertThat(labels.stream().filter(label -> label.start().isBefore(NOW.plusSeconds(60))).count())
        .isGreaterThanOrEqualTo(labels.size() * 3 / 4);
  }

  @Test
  void refusesAHistoryThatIsNotWholeDays() {
    assertThatThrownBy(
            () ->
                new DemoTraffic(
                    1, 10, 1, Duration.ofHours(30), Duration.ofSeconds(20), Duration.ofSeconds(40)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole days");
  }

  private static Instant time(SpecificRecord event) {
    return event instanceof AuthEvent auth
        ? auth.getEventTime()
        : ((TokenUseEvent) event).getEventTime();
  }
}
