package dev.vigil.detector.topology;

import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.TokenUseEvent;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** The serdes of the external topics (Confluent wire format in production). */
public record TopologySerdes(
    Serde<AuthEvent> auth,
    Serde<TokenUseEvent> tokenUse,
    Serde<Alert> alert,
    Serde<RevocationCommand> revocation) {

  public TopologySerdes {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(tokenUse, "tokenUse");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(revocation, "revocation");
  }

  /** Registry-free Avro binary for every topic: for replay and tests. */
  public static TopologySerdes avroBinary() {
    return new TopologySerdes(
        new AvroBinarySerde<>(AuthEvent.class),
        new AvroBinarySerde<>(TokenUseEvent.class),
        new AvroBinarySerde<>(Alert.class),
        new AvroBinarySerde<>(RevocationCommand.class));
  }
}
