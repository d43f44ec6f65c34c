package dev.vigil.detector.topology;

import dev.vigil.detector.replay.ClientSighting;
import dev.vigil.detector.replay.ClientSightingsCodec;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A {@link ClientSighting} on the sightings repartition topic, in its codec's bytes. */
final class ClientSightingSerde implements Serde<ClientSighting> {

  @Override
  public Serializer<ClientSighting> serializer() {
    return (topic, sighting) ->
        sighting == null ? null : ClientSightingsCodec.encodeSighting(sighting);
  }

  @Override
  public Deserializer<ClientSighting> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        return ClientSightingsCodec.decodeSighting(data);
      } catch (RuntimeException e) {
        throw new SerializationException("unreadable client sighting on " + topic, e);
      }
    };
  }
}
