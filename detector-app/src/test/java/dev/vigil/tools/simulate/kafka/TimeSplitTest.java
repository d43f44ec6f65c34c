package dev.vigil.tools.simulate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

  private static final SimulationConfig CONFIG =
      SimulationConfig.of(4, Instant.parse("2026-11-02T00:00:00Z"), 1, 10, 1);

  @Test
  void beforeAndRestTogetherAreTheWholeStreamSplitAtTheInstant() {
    List<SpecificRecord> all = drain(new SimulatedEstate(CONFIG).iterator());
    Instant at = CONFIG.start().plusSeconds(12 * 3600);

    TimeSplit split = new TimeSplit(new SimulatedEstate(CONFIG).iterator(), at);
    List<SpecificRecord> before = drain(split.before());
    List<SpecificRecord> rest = drain(split.rest());

    assertThat(before)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(EventFeed.eventTime(e)).isBefore(at));
    assertThat(rest)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(EventFeed.eventTime(e)).isAfterOrEqualTo(at));
    List<SpecificRecord> joined = new ArrayList<>(before);
    joined.addAll(rest);
    assertThat(joined).isEqualTo(all);
  }

  @Test
  void aSplitBeforeEverythingLeavesItAllForTheRest() {
    TimeSplit split =
        new TimeSplit(new SimulatedEstate(CONFIG).iterator(), CONFIG.start().minusSeconds(1));

    assertThat(split.before().hasNext()).isFalse();
    assertThat(drain(split.rest())).isEqualTo(drain(new SimulatedEstate(CONFIG).iterator()));
  }

  private static List<SpecificRecord> drain(Iterator<SpecificRecord> events) {
    List<SpecificRecord> out = new ArrayList<>();
    events.forEachRemaining(out::add);
    return out;
  }
}
