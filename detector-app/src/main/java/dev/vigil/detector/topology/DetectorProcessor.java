package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
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
 * Runs one {@link Detector} over its re-keyed stream: loads the key's state from the detector's
 * changelogged store, lets the detector judge the event under the live rule pack, stores the state
 * back and forwards the findings. A stream-time punctuator deletes state the detector calls
 * expired, so the store stays bounded however many keys pass.
 */
final class DetectorProcessor<S> implements Processor<String, ObservedEvent, String, Finding> {

  /**
   * How often, in stream time, expired state is swept. Every sweep reads the whole store, and the
   * shortest state lifetime (a token's ttl) is a day, so an hour keeps state bounded at a small cost.
   */
  static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

  private final Detector<S> detector;
  private final String storeName;
  private final RulesReader rules;
  private ProcessorContext<String, Finding> context;
  private KeyValueStore<String, byte[]> store;

  DetectorProcessor(Detector<S> detector, String storeName, ActiveRules rules) {
    this.detector = detector;
    this.storeName = storeName;
    this.rules = new RulesReader(rules);
  }

  @Override
  public void init(ProcessorContext<String, Finding> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    rules.init(context);
    context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, ObservedEvent> record) {
    ObservedEvent event = record.value();
    if (record.key() == null || event == null || !detector.accepts(event)) {
      return;
    }
    RulePack pack = rules.current();
    byte[] stored = store.get(record.key());
    S state = stored == null ? detector.newState() : detector.codec().decode(stored);
    List<Finding> findings = detector.onEvent(state, event, pack);
    store.put(record.key(), detector.codec().encode(state));
    for (Finding finding : findings) {
      context.forward(new Record<>(record.key(), finding, record.timestamp()));
    }
  }

  private void sweep(long streamTimeMs) {
    RulePack pack = rules.current();
    Instant now = Instant.ofEpochMilli(streamTimeMs);
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        if (detector.isExpired(detector.codec().decode(entry.value), now, pack)) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(store::delete);
  }
}
