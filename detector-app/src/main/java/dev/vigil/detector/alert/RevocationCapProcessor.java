package dev.vigil.detector.alert;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesReader;
import dev.vigil.events.Alert;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.RevocationAction;
import dev.vigil.events.RevocationCommand;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global brake on revocations. Every alert whose rule asks for a response arrives here through
 * a single-partition topic, so one processor in the whole cluster counts revocations per minute of
 * event time (deterministic under reprocessing, unlike a wall-clock minute) against the live pack's
 * {@code max_revocations_per_minute}. Within the cap the alert goes out with its command; beyond it
 * the alert still goes out, tagged {@code vigil.revocation-capped}, and no command is sent.
 */
public final class RevocationCapProcessor implements Processor<String, Alert, String, Response> {

  /** Minutes of counts kept; older ones can no longer matter to an in-grace event. */
  static final long KEPT_MINUTES = 60;

  private final String storeName;
  private final RulesReader rules;
  private final boolean observeOnly;
  private final Clock clock;
  private final DetectionMetrics metrics;
  private ProcessorContext<String, Response> context;
  private KeyValueStore<Long, Integer> counts;

  public RevocationCapProcessor(
      String storeName,
      ActiveRules rules,
      boolean observeOnly,
      Clock clock,
      DetectionMetrics metrics) {
    this.storeName = storeName;
    this.rules = new RulesReader(rules);
    this.observeOnly = observeOnly;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Whether an alert asks for a command at all: a response, and a token when it is to revoke one.
   */
  public static boolean wantsRevocation(Alert alert) {
    ResponseAction action = alert.getAction();
    return action != ResponseAction.NONE
        && !(action == ResponseAction.REVOKE_TOKEN && alert.getTokenId() == null);
  }

  @Override
  public void init(ProcessorContext<String, Response> context) {
    this.context = context;
    this.counts = context.getStateStore(storeName);
    rules.init(context);
  }

  @Override
  public void process(Record<String, Alert> record) {
    Alert alert = record.value();
    if (alert == null) {
      return;
    }
    long minute = Math.floorDiv(record.timestamp(), 60_000L);
    Integer used = counts.get(minute);
    int count = used == null ? 0 : used;
    int cap = rules.current().maxRevocationsPerMinute();
    if (count >= cap) {
      metrics.revocationCapped(alert.getAction());
      context.forward(record.withValue(new Response(AlertFactory.capped(alert), null)));
      return;
    }
    counts.put(minute, count + 1);
    forget(minute - KEPT_MINUTES);
    RevocationAction action = RevocationAction.valueOf(alert.getAction().name());
    RevocationCommand command =
        RevocationCommand.newBuilder()
            .setCommandId(AlertIds.commandId(alert.getAlertId(), action))
            .setAlertId(alert.getAlertId())
            .setIdentityId(alert.getIdentityId())
            .setTokenId(action == RevocationAction.REVOKE_TOKEN ? alert.getTokenId() : null)
            .setAction(action)
            .setReason(alert.getRuleId() + ": " + alert.getSummary())
            .setIssuedAt(clock.instant())
            .setDryRun(observeOnly)
            .build();
    metrics.revocationIssued(alert.getAction(), observeOnly);
    context.forward(record.withValue(new Response(alert, command)));
  }

  private void forget(long beforeMinute) {
    List<Long> old = new ArrayList<>();
    try (KeyValueIterator<Long, Integer> all = counts.all()) {
      while (all.hasNext()) {
        KeyValue<Long, Integer> entry = all.next();
        if (entry.key < beforeMinute) {
          old.add(entry.key);
        }
      }
    }
    old.forEach(counts::delete);
  }
}
