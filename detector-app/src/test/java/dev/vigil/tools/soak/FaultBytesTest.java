package dev.vigil.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.TokenUseEvent;
import dev.vigil.serde.ConfluentAvroSerde;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * Each poison fault is refused by the contract's serde with the words the audit looks for in its
 * dead letter, so the audit's expectation follows Vigil's real messages.
 */
class FaultBytesTest {

  private static final String TOPIC = "identity.token-events";

  @Test
  void everyPoisonFaultIsRefusedWithTheWordsTheAuditExpects() {
    Serde<TokenUseEvent> serde =
        ConfluentAvroSerde.specific(
            TokenUseEvent.class, Map.of("schema.registry.url", "mock://fault-bytes-test"), false);
    byte[] framed =
        serde
            .serializer()
            .serialize(
                TOPIC, new SoakTraffic(1).lonelyUse("svc-soak-skew-0@corp.iam", Instant.now()));
    assertThat(serde.deserializer().deserialize(TOPIC, framed)).isNotNull();

    for (Fault fault : Arrays.stream(Fault.values()).filter(Fault::poison).toList()) {
      byte[] poison = FaultBytes.of(fault, framed);
      assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, poison))
          .as(fault.label())
          .satisfies(e -> assertThat(messages(e)).contains(fault.expectedReason()));
    }
  }

  @Test
  void onlyPoisonHasBytesOfItsOwn() {
    assertThatThrownBy(() -> FaultBytes.of(Fault.HOURS_AHEAD, new byte[5]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Fault.HOURS_AHEAD.deadLettered()).isFalse();
    assertThat(Fault.DAYS_BEHIND.expectedReason()).isEqualTo("late-event");
    assertThat(Fault.DAYS_AHEAD.expectedReason()).isEqualTo("future-event");
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
