package dev.vigil.detector.topology;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.Detector;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.profile.IdentityActivity;
import dev.vigil.detector.profile.IdentityActivityCodec;
import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesReader;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs every {@link Detector} over each event, in the task of the event's identity: each detector
 * takes the state of the key it groups by (the identity, or one of its tokens) from the task's
 * {@link DetectorStateStore}, judges the event under the live rule pack and leaves the state there;
 * the findings go on keyed by identity. A peer-aware detector also reads and teaches the baseline
 * of the event's peer group, kept in the same store (see {@link DetectorStore}). One processor for
 * all detectors, not one each, so an event crosses the Streams node machinery once. A stream-time
 * punctuator deletes state (identities', tokens' and groups') the detectors call expired, so the
 * stores stay bounded however many keys pass.
 *
 * <p>With a {@link WarmUp}, events from before the task's go-live ({@link HistoryGate}) build state
 * without being answered: their findings are dropped or marked retrospective, and history beyond
 * the warm-up horizon is not read at all.
 */
final class DetectionProcessor implements Processor<String, ObservedEvent, String, Finding> {

  /**
   * How often, in stream time, expired state is swept. Every sweep reads the whole store, and the
   * shortest state lifetime is hours, so an hour keeps state bounded at a small cost.
   */
  static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

  /**
   * How soon, on the wall clock, a task records its go-live when no record has come: a partition
   * empty at the first start must still go live then, or its first backlog would count as history.
   */
  static final Duration GO_LIVE_CHECK = Duration.ofSeconds(1);

  private final List<Detector<?>> detectors;
  private final String storeName;
  private final RulesReader rules;
  private final DetectorSettings settings;
  private final DetectionMetrics metrics;
  private final HistoryFindings historyFindings;
  private List<DetectorStore<?>> stores = List.of();
  private List<DetectorStateStore.Slice<?>> tokenStates = List.of();
  private DetectorStateStore.Slice<IdentityActivity> activity;
  private HistoryGate history;
  private TokenExpiries expiries;
  private ProcessorContext<String, Finding> context;

  DetectionProcessor(
      DetectorSettings settings, String storeName, ActiveRules rules, DetectionMetrics metrics) {
    this.detectors = settings.detectors();
    this.settings = settings;
    this.storeName = storeName;
    this.rules = new RulesReader(rules);
    this.metrics = metrics;
    this.historyFindings = new HistoryFindings(settings.warmUp(), metrics);
  }

  @Override
  public void init(ProcessorContext<String, Finding> context) {
    this.context = context;
    rules.init(context);
    // Built afresh: Streams initializes a processor again when it revives its task.
    DetectorStateStore states = context.getStateStore(storeName);
    List<DetectorStore<?>> opened = new ArrayList<>();
    List<DetectorStateStore.Slice<?>> byToken = new ArrayList<>();
    for (Detector<?> detector : detectors) {
      opened.add(DetectorStore.open(detector, states));
      if (detector.keyBy() == Detector.KeyBy.TOKEN) {
        byToken.add(states.slice(detector));
      }
    }
    stores = List.copyOf(opened);
    tokenStates = List.copyOf(byToken);
    activity = states.slice(DetectorStateStore.ACTIVITY_PREFIX, new IdentityActivityCodec());
    history = new HistoryGate(settings.warmUp(), settings.clock(), states);
    expiries = new TokenExpiries(detectors, states);
    context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME, this::sweep);
    if (history.enabled()) {
      Cancellable[] check = new Cancellable[1];
      check[0] =
          context.schedule(
              GO_LIVE_CHECK,
              PunctuationType.WALL_CLOCK_TIME,
              now -> {
                history.goLive();
                check[0].cancel();
              });
    }
  }

  @Override
  public void process(Record<String, ObservedEvent> record) {
    ObservedEvent event = record.value();
    if (event == null) {
      return;
    }
    WarmUp.Age age = history.age(event.eventTime().toEpochMilli());
    if (age == WarmUp.Age.BEYOND_HORIZON) {
      metrics.historyEvent(false);
      return;
    }
    RulePack pack = rules.current();
    List<Finding> findings = new ArrayList<>(0);
    for (DetectorStore<?> store : stores) {
      store.judge(event, pack, findings);
    }
    observe(event);
    if (age == WarmUp.Age.HISTORY) {
      metrics.historyEvent(true);
    }
    for (Finding finding : findings) {
      Finding sent = age == WarmUp.Age.HISTORY ? historyFindings.onHistory(finding, pack) : finding;
      if (sent != null) {
        sent = expiries.withExpiry(sent);
        context.forward(new Record<>(sent.identityId(), sent, record.timestamp()));
      }
    }
  }

  /** Notes the event in its identity's activity, which profiles read (and nothing else). */
  private void observe(ObservedEvent event) {
    IdentityActivity seen = activity.get(event.identityId());
    if (seen == null) {
      seen = new IdentityActivity();
    }
    seen.observe(event);
    activity.put(event.identityId(), seen);
  }

  private void sweep(long streamTimeMs) {
    RulePack pack = rules.current();
    Instant now = Instant.ofEpochMilli(streamTimeMs);
    stores.forEach(store -> store.sweep(now, pack));
    // After the detectors': a token whose states they just deleted leaves the activity too.
    activity.sweep(
        seen -> {
          boolean changed =
              seen.prune(now, token -> tokenStates.stream().anyMatch(s -> s.contains(token)));
          if (seen.isEmpty()) {
            return DetectorStateStore.Verdict.DELETE;
          }
          return changed ? DetectorStateStore.Verdict.CHANGED : DetectorStateStore.Verdict.KEEP;
        });
  }
}
