package dev.vigil.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

  private final List<String> closed = Collections.synchronizedList(new ArrayList<>());

  @Test
  void closesLastRegisteredFirstOnceEvenWhenOneFails() {
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();
    shutdown.register("broker", () -> closed.add("broker"));
    shutdown.register(
        "metrics",
        () -> {
          closed.add("metrics");
          throw new IllegalStateException("port already closed");
        });
    shutdown.register("streams", () -> closed.add("streams"));

    shutdown.closeAll();
    shutdown.closeAll();

    assertThat(closed).containsExactly("streams", "metrics", "broker");
    assertThat(shutdown.stopRequested()).isTrue();
    assertThatThrownBy(() -> shutdown.register("late", () -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStopRequestFromAnotherThreadWakesTheMainThreadWithItsReason() throws Exception {
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();
    CompletableFuture<String> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return shutdown.awaitStopRequest(null);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    shutdown.requestStop("Kafka Streams ERROR");

    assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("Kafka Streams ERROR");
  }

  @Test
  void aDurationEndsTheWait() throws Exception {
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();
    assertThat(shutdown.awaitStopRequest(Duration.ofMillis(50))).isEqualTo("duration elapsed");
    assertThat(shutdown.stopRequested()).isTrue();
  }
}
