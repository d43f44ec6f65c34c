package dev.vigil.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.tools.bench.CapacitySearch.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

  private static CapacitySearch.Trial threshold(int capacity, List<Integer> log) {
    return rate -> {
      log.add(rate);
      return rate <= capacity ? Verdict.PASS : Verdict.FAIL;
    };
  }

  @Test
  void doublesThenBisectsToWithinThePrecision() throws Exception {
    List<Integer> rates = new ArrayList<>();
    CapacitySearch.Outcome outcome =
        new CapacitySearch(1000, 100, 64_000, 0.1).run(threshold(5_300, rates));

    assertThat(rates).startsWith(1000, 2000, 4000, 8000, 6000, 5000);
    assertThat(outcome.capacity()).isBetween((int) (5_300 / 1.1), 5_300);
    assertThat(outcome.lowerBound()).isFalse();
    assertThat(outcome.abandoned()).isFalse();
    assertThat(outcome.tried()).hasSize(rates.size());
  }

  @Test
  void halvesWhenTheFirstRateAlreadyFails() throws Exception {
    List<Integer> rates = new ArrayList<>();
    CapacitySearch.Outcome outcome =
        new CapacitySearch(1000, 100, 64_000, 0.1).run(threshold(300, rates));

    assertThat(rates).startsWith(1000, 500, 250);
    assertThat(outcome.capacity()).isBetween((int) (300 / 1.1), 300);
  }

  @Test
  void nothingPassingDownToTheMinimumIsZero() throws Exception {
    CapacitySearch.Outcome outcome =
        new CapacitySearch(1000, 100, 64_000, 0.1).run(threshold(50, new ArrayList<>()));

    assertThat(outcome.capacity()).isZero();
    assertThat(outcome.tried()).extracting(CapacitySearch.Tried::rate).endsWith(125, 100);
  }

  @Test
  void everythingPassingUpToTheMaximumIsALowerBound() throws Exception {
    List<Integer> rates = new ArrayList<>();
    CapacitySearch.Outcome outcome =
        new CapacitySearch(200, 50, 400, 0.1).run(threshold(1_000_000, rates));

    assertThat(rates).containsExactly(200, 400);
    assertThat(outcome.capacity()).isEqualTo(400);
    assertThat(outcome.lowerBound()).isTrue();
  }

  @Test
  void anAbandonedTrialStopsWithWhatIsKnown() throws Exception {
    CapacitySearch.Outcome outcome =
        new CapacitySearch(1000, 100, 64_000, 0.1)
            .run(rate -> rate <= 2000 ? Verdict.PASS : Verdict.ABANDON);

    assertThat(outcome.capacity()).isEqualTo(2000);
    assertThat(outcome.abandoned()).isTrue();
  }

  @Test
  void refusesAnInconsistentRange() {
    assertThatThrownBy(() -> new CapacitySearch(100, 200, 400, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
