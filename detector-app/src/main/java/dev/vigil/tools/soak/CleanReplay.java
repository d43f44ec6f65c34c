package dev.vigil.tools.soak;

import dev.vigil.detector.Detectors;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.tools.replay.ReplayResult;
import dev.vigil.tools.replay.ReplayRunner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the detector must have produced: every event on the input topics, read back as committed,
 * run through the production topology in this process ({@link ReplayRunner}, the path of {@code
 * vigil replay}) under the default pack the children run. No kill, no restart, no broker outage:
 * the ids it gives are the ones a run without faults gives.
 */
final class CleanReplay {

  private CleanReplay() {}

  /**
   * @param events events decoded from the input topics
   * @param undecodable input records no contract serde could read (the poison the soak injected)
   */
  record Expected(Set<String> alertIds, Set<String> commandIds, long events, long undecodable) {}

  static Expected of(
      List<ConsumerRecord<byte[], byte[]>> authRecords,
      List<ConsumerRecord<byte[], byte[]>> tokenRecords,
      String registryUrl) {
    Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl);
    List<SpecificRecord> events = new ArrayList<>();
    long undecodable = 0;
    try (Deserializer<AuthEvent> auth =
            ConfluentAvroSerde.specific(AuthEvent.class, serdeConfig, false).deserializer();
        Deserializer<TokenUseEvent> uses =
            ConfluentAvroSerde.specific(TokenUseEvent.class, serdeConfig, false).deserializer()) {
      undecodable += decode(authRecords, auth, events);
      undecodable += decode(tokenRecords, uses, events);
    }
    ReplayResult result =
        new ReplayRunner(RulePacks.defaultPack(), Detectors.all(), false, Clock.systemUTC())
            .run(events);
    return new Expected(
        result.alerts().stream().map(Alert::getAlertId).collect(Collectors.toSet()),
        result.revocations().stream()
            .map(RevocationCommand::getCommandId)
            .collect(Collectors.toSet()),
        events.size(),
        undecodable);
  }

  private static <T extends SpecificRecord> long decode(
      List<ConsumerRecord<byte[], byte[]>> records,
      Deserializer<T> serde,
      List<SpecificRecord> out) {
    long bad = 0;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        out.add(serde.deserialize(r.topic(), r.value()));
      } catch (RuntimeException e) {
        bad++;
      }
    }
    return bad;
  }
}
