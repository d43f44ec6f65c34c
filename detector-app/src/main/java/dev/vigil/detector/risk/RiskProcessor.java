package dev.vigil.detector.risk;

import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesReader;
import dev.vigil.events.Alert;
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
 * The live risk table, in the identity's task: every alert (roll-ups included) updates its
 * identity's {@link RiskState}, and a record goes to the risk topic when the level changes, keyed
 * by identity: the verdict as JSON, or a tombstone when it falls to none (so the compacted topic
 * holds exactly the identities at risk, and an absent key reads as none, as {@code GET /risk/{id}}
 * answers for an identity it does not know).
 *
 * <p>Decay runs every {@link #CHECK_INTERVAL} on stream time, and in the live detector on the wall
 * clock too: a partition whose producers go quiet stops its stream time, and a verdict that only
 * stream time could lower would keep denying an identity long after its alerts stopped counting.
 * Replays of history use stream time alone, so they decay exactly as the events dictate.
 */
public final class RiskProcessor implements Processor<String, Alert, String, byte[]> {

  /** How often decay is checked; a level drops at most this late. */
  public static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

  private final String storeName;
  private final RulesReader rules;
  private final boolean wallClockDecay;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> store;

  /**
   * @param wallClockDecay whether decay also follows the wall clock (the live detector), not only
   *     stream time (replays)
   */
  public RiskProcessor(String storeName, ActiveRules rules, boolean wallClockDecay) {
    this.storeName = storeName;
    this.rules = new RulesReader(rules);
    this.wallClockDecay = wallClockDecay;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    rules.init(context);
    context.schedule(CHECK_INTERVAL, PunctuationType.STREAM_TIME, this::decay);
    if (wallClockDecay) {
      context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::decay);
    }
  }

  @Override
  public void process(Record<String, Alert> record) {
    Alert alert = record.value();
    if (alert == null) {
      return;
    }
    RulePack pack = rules.current();
    if (!RiskRule.counts(alert, pack)) {
      return;
    }
    String identity = alert.getIdentityId();
    byte[] stored = store.get(identity);
    RiskState state = stored == null ? new RiskState() : RiskState.decode(stored);
    state.escalateAt(pack.risk().escalateAtDetections());
    state.add(RiskRule.contribution(alert, pack.risk()));
    long at = Math.max(record.timestamp(), context.currentStreamTimeMs());
    update(identity, state, at);
  }

  private void decay(long timestamp) {
    Instant now = Instant.ofEpochMilli(timestamp);
    List<KeyValue<String, RiskState>> due = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        RiskState state = RiskState.decode(entry.value);
        if (state.forgetBefore(now)) {
          due.add(KeyValue.pair(entry.key, state));
        }
      }
    }
    due.forEach(entry -> update(entry.key, entry.value, timestamp));
  }

  /** Forgets what no longer counts at {@code at}, publishes a changed level, stores the rest. */
  private void update(String identity, RiskState state, long at) {
    Instant now = Instant.ofEpochMilli(at);
    state.forgetBefore(now);
    RiskVerdict verdict = state.verdictAt(identity, now);
    if (verdict.level() != state.published()) {
      byte[] value = verdict.level() == RiskLevel.NONE ? null : verdict.toJsonBytes();
      context.forward(new Record<>(identity, value, at));
      state.published(verdict.level());
    }
    if (state.isEmpty()) {
      store.delete(identity);
    } else {
      store.put(identity, state.encode());
    }
  }
}
