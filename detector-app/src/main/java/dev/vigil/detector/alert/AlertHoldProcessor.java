package dev.vigil.detector.alert;

import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesReader;
import dev.vigil.events.Alert;
import dev.vigil.rules.RuleKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds a {@code task_end_revocation} alert until stream time reaches the end of its window: it
 * ends a task's token at completion plus a grace, so requests in flight finish first. Every other
 * alert passes straight through, whatever its times: an attack dated ahead of the clock must not
 * delay its own alert. Checked every {@link #CHECK_INTERVAL} of stream time and, in the live
 * detector, of the wall clock (a quiet partition still releases its held alerts). Held alerts live
 * in a changelogged store, keyed by alert id, so a failover keeps them.
 */
public final class AlertHoldProcessor implements Processor<String, Alert, String, Alert> {

  /** How often held alerts are checked; one is released at most this late. */
  public static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);

  private final String storeName;
  private final RulesReader rules;
  private final Serde<Alert> serde;
  private final boolean wallClock;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, byte[]> held;

  /**
   * @param serde how a held alert is stored
   * @param wallClock whether held alerts are also released by the wall clock (the live detector)
   */
  public AlertHoldProcessor(
      String storeName, ActiveRules rules, Serde<Alert> serde, boolean wallClock) {
    this.storeName = storeName;
    this.rules = new RulesReader(rules);
    this.serde = serde;
    this.wallClock = wallClock;
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.held = context.getStateStore(storeName);
    rules.init(context);
    context.schedule(CHECK_INTERVAL, PunctuationType.STREAM_TIME, this::release);
    if (wallClock) {
      context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::release);
    }
  }

  @Override
  public void process(Record<String, Alert> record) {
    Alert alert = record.value();
    if (alert == null) {
      return;
    }
    long due = alert.getWindowEnd().toEpochMilli();
    if (endsATaskToken(alert)
        && due > Math.max(record.timestamp(), context.currentStreamTimeMs())) {
      held.put(alert.getAlertId(), serde.serializer().serialize(storeName, alert));
      return;
    }
    context.forward(record);
  }

  private boolean endsATaskToken(Alert alert) {
    return rules
        .current()
        .rule(alert.getRuleId())
        .map(rule -> rule.kind() == RuleKind.TASK_END_REVOCATION)
        .orElse(false);
  }

  private void release(long now) {
    List<KeyValue<String, Alert>> due = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = held.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        Alert alert = serde.deserializer().deserialize(storeName, entry.value);
        if (alert.getWindowEnd().toEpochMilli() <= now) {
          due.add(KeyValue.pair(entry.key, alert));
        }
      }
    }
    // In the order they fall due, so a replay releases them as the live detector did.
    due.sort(
        (a, b) -> {
          int byTime = a.value.getWindowEnd().compareTo(b.value.getWindowEnd());
          return byTime != 0 ? byTime : a.key.compareTo(b.key);
        });
    for (KeyValue<String, Alert> entry : due) {
      held.delete(entry.key);
      context.forward(
          new Record<>(
              entry.value.getIdentityId(), entry.value, entry.value.getWindowEnd().toEpochMilli()));
    }
  }
}
