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
 * a single-partition topic, so one processor in the whole cluster counts revocations against the
 * live pack's {@code max_revocations_per_minute}, twice: per minute of event time (deterministic
 * under reprocessing) and, in the live detector, per minute of the wall clock. Both budgets must
 * allow a command. Event time alone could be bought: events dated in ever new minutes (a producer's
 * clock, a forged or replayed timestamp) would open a fresh budget each, so a flood of them could
 * revoke without limit; the wall clock is the one time no producer sets. Within the cap the alert
 * goes out with its command; beyond it the alert still goes out, tagged {@code
 * vigil.revocation-capped}, and no command is sent.
 *
 * <p>In the live detector, a command to revoke a token whose known expiry ({@code
 * token_expires_at}) has passed on the wall clock is not sent: the credential is dead already, and
 * a revocation consumer acting on it would page its owners for nothing. The alert goes out tagged
 * {@code vigil.revocation-withheld} and says why; it does not count against the cap. In replays of
 * history (no wall-clock budget) every token would have expired, so there the command is issued as
 * before.
 *
 * <p>Both counts live in one changelogged store: minutes of event time under their epoch minute
 * (zero or more, as record timestamps are), minutes of the wall clock under {@code -1 - minute}.
 */
public final class RevocationCapProcessor implements Processor<String, Alert, String, Response> {

  /** Minutes of counts kept; older ones can no longer matter to an in-grace event. */
  static final long KEPT_MINUTES = 60;

  private final String storeName;
  private final RulesReader rules;
  private final boolean observeOnly;
  private final Clock clock;
  private final boolean wallClockBudget;
  private final DetectionMetrics metrics;
  private ProcessorContext<String, Response> context;
  private KeyValueStore<Long, Integer> counts;

  /**
   * @param clock stamps {@code issued_at}; with {@code wallClockBudget} it also tells the minute
   * @param wallClockBudget whether a budget per wall-clock minute applies besides the one per
   *     minute of event time: in the live detector, not in replays of history (which run days in
   *     seconds)
   */
  public RevocationCapProcessor(
      String storeName,
      ActiveRules rules,
      boolean observeOnly,
      Clock clock,
      boolean wallClockBudget,
      DetectionMetrics metrics) {
    this.storeName = storeName;
    this.rules = new RulesReader(rules);
    this.observeOnly = observeOnly;
    this.clock = clock;
    this.wallClockBudget = wallClockBudget;
    this.metrics = metrics;
  }

  /**
   * Whether an alert asks for a command at all: a response, and a token when it is to revoke one. A
   * retrospective alert (history read during the warm-up) never does.
   */
  public static boolean wantsRevocation(Alert alert) {
    ResponseAction action = alert.getAction();
    return action != ResponseAction.NONE
        && !alert.getRetrospective()
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
    if (wallClockBudget && alreadyExpired(alert)) {
      metrics.revocationWithheld(alert.getAction());
      context.forward(record.withValue(new Response(AlertFactory.withheld(alert), null)));
      return;
    }
    long minute = Math.floorDiv(Math.max(record.timestamp(), 0), 60_000L);
    long wallKey = wallClockBudget ? wallKey(Math.floorDiv(clock.millis(), 60_000L)) : 0;
    int cap = rules.current().maxRevocationsPerMinute();
    int inMinute = count(minute);
    int inWallMinute = wallClockBudget ? count(wallKey) : 0;
    if (inMinute >= cap || inWallMinute >= cap) {
      metrics.revocationCapped(alert.getAction());
      context.forward(record.withValue(new Response(AlertFactory.capped(alert), null)));
      return;
    }
    counts.put(minute, inMinute + 1);
    if (wallClockBudget) {
      counts.put(wallKey, inWallMinute + 1);
    }
    forget(minute - KEPT_MINUTES, wallClockBudget ? wallKey + KEPT_MINUTES : -1);
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

  /** Whether the alert's command would revoke a token whose known expiry has already passed. */
  private boolean alreadyExpired(Alert alert) {
    return alert.getAction() == ResponseAction.REVOKE_TOKEN
        && alert.getTokenExpiresAt() != null
        && !alert.getTokenExpiresAt().isAfter(clock.instant());
  }

  /** The store key of wall-clock minute {@code minute}: negative, apart from event-time minutes. */
  static long wallKey(long minute) {
    return -1 - minute;
  }

  private int count(long key) {
    Integer used = counts.get(key);
    return used == null ? 0 : used;
  }

  /**
   * Deletes event-time minutes before {@code beforeMinute} and wall-clock minutes whose key is
   * above {@code aboveWallKey} (older than the kept ones).
   */
  private void forget(long beforeMinute, long aboveWallKey) {
    List<Long> old = new ArrayList<>();
    try (KeyValueIterator<Long, Integer> all = counts.all()) {
      while (all.hasNext()) {
        KeyValue<Long, Integer> entry = all.next();
        long key = entry.key;
        if (key >= 0 ? key < beforeMinute : key > aboveWallKey) {
          old.add(key);
        }
      }
    }
    old.forEach(counts::delete);
  }
}
