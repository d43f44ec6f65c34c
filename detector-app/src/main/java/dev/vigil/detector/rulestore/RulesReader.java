package dev.vigil.detector.rulestore;

import dev.vigil.rules.RulePack;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** A processor's view of the rules: reads the global rules store per record, resolves the pack. */
public final class RulesReader {

  private final ActiveRules active;
  private ReadOnlyKeyValueStore<String, Object> store;

  public RulesReader(ActiveRules active) {
    this.active = active;
  }

  public void init(ProcessingContext context) {
    store = context.getStateStore(RulesTopic.STORE);
  }

  public RulePack current() {
    Object value = store.get(RulesTopic.ACTIVE_KEY);
    if (value instanceof ValueAndTimestamp<?> stamped) {
      value = stamped.value();
    }
    return active.resolve((String) value);
  }
}
