package dev.vigil.tools.simulate.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacerTest {

  private long now = 1_000_000_000L;
  private final List<Long> slept = new ArrayList<>();
  private final Pacer.Sleep sleep =
      nanos -> {
        slept.add(nanos);
        now += nanos;
      };

  @Test
  void spacesEventsEvenlyAtTheRate() throws InterruptedException {
    Pacer pacer = new Pacer(200, () -> now, sleep);
    long start = now;

    for (int i = 0; i < 201; i++) {
      pacer.acquire();
    }

    assertThat(now - start).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    assertThat(slept).hasSize(200).containsOnly(TimeUnit.MILLISECONDS.toNanos(5));
  }

  @Test
  void doesNotWaitWhenTheCallerIsSlowerThanTheRate() throws InterruptedException {
    Pacer pacer = new Pacer(10, () -> now, sleep);

    for (int i = 0; i < 5; i++) {
      pacer.acquire();
      now += TimeUnit.MILLISECONDS.toNanos(150);
    }

    assertThat(slept).isEmpty();
  }

  @Test
  void catchesUpAtMostOneSecondAfterAStall() throws InterruptedException {
    Pacer pacer = new Pacer(100, () -> now, sleep);
    pacer.acquire();
    now += TimeUnit.SECONDS.toNanos(5);

    for (int i = 0; i < 10; i++) {
      pacer.acquire();
    }

    // After a five-second stall the pacer restarts its schedule instead of bursting 500 events.
    assertThat(slept).hasSize(9).containsOnly(TimeUnit.MILLISECONDS.toNanos(10));
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> Pacer.perSecond(0))
        .hasMessageContaining("rate must be a positive number");
    assertThatThrownBy(() -> Pacer.perSecond(Double.NaN))
        .hasMessageContaining("rate must be a positive number");
  }
}
