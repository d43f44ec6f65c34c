package dev.vigil.detector.topology;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The internal form of an {@link ObservedEvent} on repartition topics: one tag byte ({@code 'A'}
 * auth, {@code 'U'} token use) followed by the event's Avro binary. No registry round trip for
 * records only Vigil itself reads back.
 */
public final class ObservedEventSerde implements Serde<ObservedEvent> {

  private static final byte AUTH = 'A';
  private static final byte USE = 'U';

  private final AvroBinarySerde<AuthEvent> auth = new AvroBinarySerde<>(AuthEvent.class);
  private final AvroBinarySerde<TokenUseEvent> use = new AvroBinarySerde<>(TokenUseEvent.class);

  @Override
  public Serializer<ObservedEvent> serializer() {
    return (topic, event) -> {
      if (event == null) {
        return null;
      }
      byte[] body = event.isAuth() ? auth.write(event.auth()) : use.write(event.use());
      byte[] out = new byte[body.length + 1];
      out[0] = event.isAuth() ? AUTH : USE;
      System.arraycopy(body, 0, out, 1, body.length);
      return out;
    };
  }

  @Override
  public Deserializer<ObservedEvent> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      if (data.length == 0) {
        throw new SerializationException("empty internal event record on " + topic);
      }
      return switch (data[0]) {
        case AUTH -> ObservedEvent.of(auth.read(data, 1, data.length - 1));
        case USE -> ObservedEvent.of(use.read(data, 1, data.length - 1));
        default ->
            throw new SerializationException(
                "unknown internal event tag " + data[0] + " on " + topic);
      };
    };
  }
}
