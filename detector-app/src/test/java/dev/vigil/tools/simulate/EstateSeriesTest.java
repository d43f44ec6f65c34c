package dev.vigil.tools.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EstateSeriesTest {

  private static final SimulationConfig FIRST =
      new SimulationConfig(7, Instant.parse("2026-11-02T00:00:00Z"), 1, 8, 1, Duration.ofHours(12));

  @Test
  void eachPeriodStartsWhereThePreviousEndedWithTheNextSeed() {
    SimulationConfig second = EstateSeries.period(FIRST, 1);

    assertThat(second.start()).isEqualTo(FIRST.end());
    assertThat(second.seed()).isEqualTo(FIRST.seed() + 1);
    assertThat(second).usingRecursiveComparison().ignoringFields("start", "seed").isEqualTo(FIRST);
  }

  @Test
  void keepsGoingPastTheFirstPeriodInOrderWithUniqueEventIds() {
    EstateSeries series = new EstateSeries(FIRST);
    Instant previous = Instant.MIN;
    Set<String> ids = new HashSet<>();
    Instant end = FIRST.end().plus(Duration.ofDays(1));

    Instant time = previous;
    while (time.isBefore(end)) {
      SpecificRecord event = series.next();
      time =
          event instanceof AuthEvent auth
              ? auth.getEventTime()
              : ((TokenUseEvent) event).getEventTime();
      String id =
          event instanceof AuthEvent auth
              ? auth.getEventId()
              : ((TokenUseEvent) event).getEventId();
      assertThat(time).isAfterOrEqualTo(previous);
      assertThat(ids.add(id)).as("event id %s repeated", id).isTrue();
      previous = time;
    }

    assertThat(series.hasNext()).isTrue();
  }
}
