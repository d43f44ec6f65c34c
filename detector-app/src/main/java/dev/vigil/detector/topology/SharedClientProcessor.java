package dev.vigil.detector.topology;

import dev.vigil.detector.Finding;
import dev.vigil.detector.replay.ClientSighting;
import dev.vigil.detector.replay.ClientSightings;
import dev.vigil.detector.replay.ClientSightingsCodec;
import dev.vigil.detector.replay.SharedClientCheck;
import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesReader;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * In the address's task: each {@link ClientSighting} joins its address's recent sightings, kept in
 * a changelogged store keyed by address, and every pair it completes ({@link
 * SharedClientCheck#onSighting}) goes on as a finding keyed by the delivered credential's identity,
 * timed at the later event of the pair. A stream-time sweep deletes the addresses whose newest
 * sighting is older than the retention, so the store holds only the addresses seen in the last
 * window (plus the grace), each capped.
 */
final class SharedClientProcessor implements Processor<String, ClientSighting, String, Finding> {

  /** How often, in stream time, addresses gone quiet are deleted: a few times per window. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(5);

  private final String storeName;
  private final RulesReader rules;
  private final Duration lateness;
  private final ClientSightingsCodec codec = new ClientSightingsCodec();
  private KeyValueStore<String, byte[]> store;
  private ProcessorContext<String, Finding> context;

  /**
   * @param lateness how much older than the newest sighting at an address a sighting may arrive and
   *     still be paired (the topology's grace)
   */
  SharedClientProcessor(String storeName, ActiveRules rules, Duration lateness) {
    this.storeName = storeName;
    this.rules = new RulesReader(rules);
    this.lateness = lateness;
  }

  @Override
  public void init(ProcessorContext<String, Finding> context) {
    this.context = context;
    rules.init(context);
    store = context.getStateStore(storeName);
    context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, ClientSighting> record) {
    ClientSighting sighting = record.value();
    if (sighting == null || record.key() == null) {
      return;
    }
    RulePack pack = rules.current();
    byte[] bytes = store.get(record.key());
    ClientSightings state = bytes == null ? new ClientSightings() : codec.decode(bytes);
    List<Finding> findings = SharedClientCheck.onSighting(state, sighting, pack, lateness);
    // Written back whatever happened: a repeat (rare, the identity's side sends one a minute) costs
    // one changelog record, and telling it apart would cost a comparison on every sighting.
    store.put(record.key(), codec.encode(state));
    for (Finding finding : findings) {
      context.forward(
          new Record<>(finding.identityId(), finding, finding.triggeredAt().toEpochMilli()));
    }
  }

  private void sweep(long streamTimeMs) {
    RulePack pack = rules.current();
    Instant now = Instant.ofEpochMilli(streamTimeMs);
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        if (SharedClientCheck.isExpired(codec.decode(entry.value), now, pack, lateness)) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(store::delete);
  }
}
