package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.ObservedEvent;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InternalSerdesTest {

  private final ObservedEventSerde events = new ObservedEventSerde();

  @Test
  void observedEventsKeepTheirKindAndEveryField() {
    ObservedEvent auth =
        observed(
            issued("i-1", at(0), "svc@corp", "tok-1")
                .setAudience("github")
                .setTaskId("t-1")
                .setSource(attested("spiffe://a", "jkt")));
    ObservedEvent use =
        observed(use("u-1", at(5), "svc@corp", "tok-1", "vault").setPrivileged(true));

    for (ObservedEvent e : List.of(auth, use)) {
      byte[] bytes = events.serializer().serialize("t", e);
      assertThat(events.deserializer().deserialize("t", bytes)).isEqualTo(e);
    }
    assertThat(events.serializer().serialize("t", auth)[0]).isEqualTo((byte) 'A');
    assertThat(events.serializer().serialize("t", use)[0]).isEqualTo((byte) 'U');
  }

  @Test
  void anUnknownTagIsRefusedByName() {
    assertThatThrownBy(
            () -> events.deserializer().deserialize("events-by-identity", new byte[] {'X', 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown internal event tag")
        .hasMessageContaining("events-by-identity");
  }
}
