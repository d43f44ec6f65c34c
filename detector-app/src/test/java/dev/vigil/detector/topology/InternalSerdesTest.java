package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.attested;
import static dev.vigil.detector.fixtures.Events.issued;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.replay.ClientSighting;
import dev.vigil.events.IdentityType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  @Test
  void findingsKeepEveryFieldNullsIncluded() {
    Finding full =
        new Finding(
                "rule",
                "arn:aws:iam::1:role/app",
                IdentityType.WORKLOAD,
                "ASIA1",
                "ASIA1|shared|user|18.0.0.1|cli",
                at(0),
                at(31),
                "summary",
                List.of("e-1", "e-2"),
                Map.of("identities", List.of("user"), "sources", List.of("18.0.0.1")),
                2,
                at(31))
            .withTokenExpiry(Instant.parse("2026-11-28T15:00:00Z"))
            .asRetrospective();
    Finding sparse =
        new Finding(
            "rule", "id", null, null, "key", null, null, null, List.of(), Map.of(), 0, at(0));
    FindingSerde serde = new FindingSerde();

    for (Finding f : List.of(full, sparse)) {
      byte[] bytes = serde.serializer().serialize("t", f);
      assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(f);
    }
  }

  @Test
  void sightingsKeepEveryFieldAndUnreadableOnesAreRefusedByTopic() {
    ClientSighting sighting =
        new ClientSighting(
            "18.0.0.1",
            "aws-cli/2",
            "user",
            IdentityType.UNKNOWN,
            "AKIA1",
            null,
            "aws:ssm",
            "e-1",
            at(3));
    ClientSightingSerde serde = new ClientSightingSerde();

    byte[] bytes = serde.serializer().serialize("t", sighting);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(sighting);
    assertThatThrownBy(
            () -> serde.deserializer().deserialize("client-sightings", new byte[] {9, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("client-sightings");
  }
}
