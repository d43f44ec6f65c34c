package dev.vigil.detector.topology;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.alert.AlertHoldProcessor;
import dev.vigil.detector.alert.Response;
import dev.vigil.detector.alert.RevocationCapProcessor;
import dev.vigil.detector.alert.SuppressionProcessor;
import dev.vigil.detector.ocsf.OcsfDetectionFinding;
import dev.vigil.detector.risk.RiskProcessor;
import dev.vigil.detector.rulestore.ActiveRules;
import dev.vigil.detector.rulestore.RulesTopic;
import dev.vigil.events.Alert;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The detection topology: every detection, the alerting stage and the rules at runtime, wired one
 * way.
 *
 * <pre>
 * auth-events ─┐                                   ┌ home ─────────────────────────┐
 *              ├─ intake (late or too far ahead  ──┤                               ├─┬─► detectors ────────┬─► suppression (rule, identity)
 * token-events ┘   of the clock ─► dead letters)   └ away ─► events-by-identity ───┘ │                     │          │
 *                                                                                    └─► client sightings  │          │
 *                                                   client-sightings-by-address ◄───────────┘              │          │
 *                                                     └─► shared client (per address, recent sightings)    │          │
 *                                                           └─► shared-client-findings ─► release ─────────┘          │
 *                                                                                       action NONE ◄─────────────────┤
 *                                                          revocation-candidates (1 partition) ◄──────────────────────┘
 *                                                                 │ global cap per minute of event time and of wall clock
 *                                                    alerts ◄─────┴─────► revocations
 *                                                      └─► OCSF findings (JSON, optional)
 * suppression ─► identity risk (per identity, decays on a timer) ─► risk (compacted, JSON)
 * rules topic ─► global table (in memory), read by every processor per record
 * </pre>
 *
 * Everything about an identity — its baselines, its tokens, its suppression windows — lives in the
 * task of the identity's partition ({@link IdentityPartitioning}). An event that producers keyed by
 * identity, as the contract asks, is already there and is judged with no internal hop; an event
 * anywhere else moves once through {@code events-by-identity}. So an alert is one exactly-once
 * commit away from its event (two when it asks for a revocation, which passes the cluster-wide
 * cap). Token state is kept per token inside its identity's task: a token's events name its holder.
 *
 * <p>One detection's evidence spans identities: {@code token_shared_client} (one client, a public
 * address and a user agent, acting as a delivered credential and as another principal). Its
 * sightings leave the identity's task keyed by address, meet in the address's task, and the finding
 * returns to the delivered credential's identity, where it is released (warm-up, token expiry) as
 * the identity's own findings are and joins them before suppression: three commits from event to
 * alert. With no enabled rule of the kind, no sighting is sent.
 *
 * <p>Every processor, store and internal topic is named, so changelogs and repartition topics keep
 * their names across versions. Detections use event time and deterministic ids only. The wall clock
 * stamps {@code detected_at} / {@code issued_at}, and in the live detector ({@link
 * EventTimeBounds}) it also bounds how far ahead of it an event's time may move stream time, and
 * gives the revocation cap a second budget per wall-clock minute, so neither can be bought with a
 * forged timestamp. Both stay safe under exactly-once: a record processed again after a failure may
 * meet another wall clock, but only one attempt's output is ever committed.
 */
public final class VigilTopology {

  static final String DETECTOR_STORE = "vigil-detector-state";
  static final String SUPPRESSION_STORE = "vigil-alert-suppression";
  static final String REVOCATION_CAP_STORE = "vigil-revocation-cap";
  static final String ALERT_HOLD_STORE = "vigil-alert-hold";
  static final String SHARED_CLIENT_STORE = "vigil-shared-client";

  /** Each identity's risk, by identity id; read by {@code GET /risk/{id}} (interactive queries). */
  public static final String RISK_STORE = "vigil-risk";

  /**
   * Decoded states each detector keeps per task between commits: the keys busy in the last few
   * seconds of traffic, bounded so memory does not grow with the estate.
   */
  static final int DECODED_STATES = 4096;

  /**
   * The single key of the revocation-candidates topic: one partition, one counter, cluster-wide.
   */
  static final String REVOCATION_KEY = "revocations";

  private VigilTopology() {}

  /**
   * The topology with persistent stores and event time taken as written: for tests and tools that
   * feed history. The live detector bounds event time by the wall clock ({@link #build(VigilTopics,
   * TopologySerdes, DetectorSettings, DetectionMetrics, StoreKind, EventTimeBounds)}).
   */
  public static Topology build(
      VigilTopics topics,
      TopologySerdes serdes,
      DetectorSettings settings,
      DetectionMetrics metrics) {
    return build(topics, serdes, settings, metrics, StoreKind.PERSISTENT);
  }

  /** The same topology with its state stores of the given kind (in memory for one-shot replays). */
  public static Topology build(
      VigilTopics topics,
      TopologySerdes serdes,
      DetectorSettings settings,
      DetectionMetrics metrics,
      StoreKind stores) {
    return build(topics, serdes, settings, metrics, stores, EventTimeBounds.NONE);
  }

  /**
   * The topology as the live detector runs it: {@code bounds} keep producers' clocks from moving
   * stream time (see {@link EventTimeBounds}), and their wall clock gives the revocation cap a
   * budget per wall-clock minute besides the one per minute of event time. {@link
   * EventTimeBounds#NONE} turns both off, for replays of history.
   */
  public static Topology build(
      VigilTopics topics,
      TopologySerdes serdes,
      DetectorSettings settings,
      DetectionMetrics metrics,
      StoreKind stores,
      EventTimeBounds bounds) {
    StreamsBuilder builder = new StreamsBuilder();
    ActiveRules rules = new ActiveRules(settings.seedPack(), settings.rulesParser(), metrics);
    Topics typed = Topics.of(topics, serdes);

    builder.globalTable(
        typed.rules().name(),
        typed.rules().consumed("rules-source"),
        Materialized.<String, String>as(Stores.inMemoryKeyValueStore(RulesTopic.STORE))
            .withKeySerde(Serdes.String())
            .withValueSerde(Serdes.String()));

    KStream<String, ObservedEvent> events = intake(builder, typed, settings, metrics, bounds);
    KStream<String, Finding> findings =
        detections(builder, events, settings, rules, metrics, stores)
            .merge(
                sharedClients(builder, events, settings, rules, metrics, stores),
                Named.as("findings-merged"));
    alerting(builder, findings, typed, settings, rules, metrics, stores, bounds);
    return builder.build();
  }

  /**
   * Both input topics, on event time within {@code bounds}, judged on time, late or too far ahead;
   * late and too-far-ahead ones go to the dead letters.
   */
  private static KStream<String, ObservedEvent> intake(
      StreamsBuilder builder,
      Topics topics,
      DetectorSettings settings,
      DetectionMetrics metrics,
      EventTimeBounds bounds) {
    EventTimeExtractor eventTime = new EventTimeExtractor(bounds);
    KStream<String, ObservedEvent> auth =
        builder.stream(
                topics.authEvents().name(),
                topics
                    .authEvents()
                    .consumed("auth-events-source")
                    .withTimestampExtractor(eventTime))
            .filter((key, value) -> value != null, Named.as("auth-events-present"))
            .mapValues(ObservedEvent::of, Named.as("auth-events-observed"));
    KStream<String, ObservedEvent> uses =
        builder.stream(
                topics.tokenEvents().name(),
                topics
                    .tokenEvents()
                    .consumed("token-events-source")
                    .withTimestampExtractor(eventTime))
            .filter((key, value) -> value != null, Named.as("token-events-present"))
            .mapValues(ObservedEvent::of, Named.as("token-events-observed"));

    IdentityPartitioning partitioning = new IdentityPartitioning(settings.identityPartitions());
    Map<String, KStream<String, Admitted>> admitted =
        auth.merge(uses, Named.as("events-merged"))
            .processValues(
                () -> new IntakeProcessor(settings.grace(), bounds, metrics), Named.as("intake"))
            .selectKey((key, a) -> a.event().identityId(), Named.as("key-by-identity"))
            .split(Named.as("intake-"))
            .branch((key, a) -> a.late(), Branched.as("late"))
            .branch((key, a) -> a.future(), Branched.as("future"))
            .branch((key, a) -> partitioning.isHome(a.event(), a.partition()), Branched.as("home"))
            .defaultBranch(Branched.as("away"));

    KStream<String, byte[]> future =
        admitted
            .get("intake-future")
            .processValues(
                () -> new LateEventProcessor(topics, settings.grace(), bounds),
                Named.as("future-events-encoded"));
    admitted
        .get("intake-late")
        .processValues(
            () -> new LateEventProcessor(topics, settings.grace(), bounds),
            Named.as("late-events-encoded"))
        .merge(future, Named.as("refused-events"))
        .to(topics.deadLetters().name(), topics.deadLetters().produced("dead-letters-sink"));
    KStream<String, ObservedEvent> moved =
        admitted
            .get("intake-away")
            .mapValues(Admitted::event, Named.as("events-away"))
            .repartition(
                Repartitioned.with(Serdes.String(), new ObservedEventSerde())
                    .withName("events-by-identity")
                    .withNumberOfPartitions(partitioning.partitions())
                    .withStreamPartitioner(partitioning));
    return admitted
        .get("intake-home")
        .mapValues(Admitted::event, Named.as("events-home"))
        .merge(moved, Named.as("events-admitted"));
  }

  /** One processor for every detector, over one changelogged store, in the identity's task. */
  private static KStream<String, Finding> detections(
      StreamsBuilder builder,
      KStream<String, ObservedEvent> events,
      DetectorSettings settings,
      ActiveRules rules,
      DetectionMetrics metrics,
      StoreKind stores) {
    builder.addStateStore(
        new DetectorStateStoreBuilder(
            stores.supplier(DETECTOR_STORE), DECODED_STATES, settings.detectors()));
    return events.process(
        () -> new DetectionProcessor(settings, DETECTOR_STORE, rules, metrics),
        Named.as("detect"),
        DETECTOR_STORE);
  }

  /**
   * {@code token_shared_client}, the one detection whose evidence spans identities: sightings of
   * clients (address and user agent) leave each identity's task keyed by address, meet the other
   * identities' sightings of that address in the address's task (one changelogged store of recent
   * sightings per address), and a finding comes back to the identity of the delivered credential,
   * where it is released as that identity's own findings are. Both internal topics have the input
   * topics' partition count, so the findings topic lands each finding in its identity's task.
   */
  private static KStream<String, Finding> sharedClients(
      StreamsBuilder builder,
      KStream<String, ObservedEvent> events,
      DetectorSettings settings,
      ActiveRules rules,
      DetectionMetrics metrics,
      StoreKind stores) {
    IdentityPartitioning partitioning = new IdentityPartitioning(settings.identityPartitions());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            stores.supplier(SHARED_CLIENT_STORE), Serdes.String(), Serdes.ByteArray()));
    return events
        .process(() -> new SightingProcessor(rules), Named.as("client-sightings"))
        .repartition(
            Repartitioned.with(Serdes.String(), new ClientSightingSerde())
                .withName("client-sightings-by-address")
                .withNumberOfPartitions(partitioning.partitions()))
        .process(
            () -> new SharedClientProcessor(SHARED_CLIENT_STORE, rules, settings.grace()),
            Named.as("shared-client"),
            SHARED_CLIENT_STORE)
        .repartition(
            Repartitioned.with(Serdes.String(), new FindingSerde())
                .withName("shared-client-findings")
                .withNumberOfPartitions(partitioning.partitions())
                .withStreamPartitioner(partitioning.findings()))
        .process(
            () -> new SharedFindingRelease(settings, DETECTOR_STORE, rules, metrics),
            Named.as("shared-client-release"),
            DETECTOR_STORE);
  }

  /**
   * Findings → suppression per (rule, identity) → alerts, and through the global cap → commands.
   */
  private static void alerting(
      StreamsBuilder builder,
      KStream<String, Finding> findings,
      Topics topics,
      DetectorSettings settings,
      ActiveRules rules,
      DetectionMetrics metrics,
      StoreKind stores,
      EventTimeBounds bounds) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                stores.supplier(SUPPRESSION_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            stores.supplier(REVOCATION_CAP_STORE), Serdes.Long(), Serdes.Integer()));
    AvroBinarySerde<Alert> internalAlert = new AvroBinarySerde<>(Alert.class);

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            stores.supplier(ALERT_HOLD_STORE), Serdes.String(), Serdes.ByteArray()));
    KStream<String, Alert> suppressed =
        findings
            .process(
                () -> new SuppressionProcessor(SUPPRESSION_STORE, rules, settings.clock(), metrics),
                Named.as("alert-suppression"),
                SUPPRESSION_STORE)
            .process(
                () ->
                    new AlertHoldProcessor(
                        ALERT_HOLD_STORE, rules, internalAlert, bounds.enabled()),
                Named.as("alert-hold"),
                ALERT_HOLD_STORE);
    risk(builder, suppressed, topics, rules, stores, bounds);
    Map<String, KStream<String, Alert>> alerts =
        suppressed
            .split(Named.as("alerts-"))
            .branch((k, a) -> RevocationCapProcessor.wantsRevocation(a), Branched.as("responding"))
            .defaultBranch(Branched.as("informing"));

    KStream<String, Response> responses =
        alerts
            .get("alerts-responding")
            .selectKey((k, a) -> REVOCATION_KEY, Named.as("revocations-single-key"))
            .repartition(
                Repartitioned.with(Serdes.String(), internalAlert)
                    .withName("revocation-candidates")
                    .withNumberOfPartitions(1))
            .process(
                () ->
                    new RevocationCapProcessor(
                        REVOCATION_CAP_STORE,
                        rules,
                        settings.observeOnly(),
                        settings.clock(),
                        bounds.enabled(),
                        metrics),
                Named.as("revocation-cap"),
                REVOCATION_CAP_STORE);

    KStream<String, Alert> respondedAlerts =
        responses.map(
            (k, r) -> KeyValue.pair(r.alert().getIdentityId(), r.alert()),
            Named.as("responded-alerts"));
    KStream<String, Alert> allAlerts =
        alerts.get("alerts-informing").merge(respondedAlerts, Named.as("alerts-merged"));
    allAlerts.to(topics.alerts().name(), topics.alerts().produced("alerts-sink"));
    if (topics.ocsfFindings() != null) {
      // Mapped where the alert is written, so a finding commits in the alert's own transaction;
      // the mapping is pure, so a reprocessed alert gives the same bytes.
      OcsfDetectionFinding ocsf = new OcsfDetectionFinding();
      allAlerts
          .mapValues(ocsf::toJsonBytes, Named.as("alerts-as-ocsf"))
          .to(topics.ocsfFindings().name(), topics.ocsfFindings().produced("ocsf-findings-sink"));
    }

    responses
        .filter((k, r) -> r.command() != null, Named.as("commands-issued"))
        .map(
            (k, r) -> KeyValue.pair(r.command().getIdentityId(), r.command()),
            Named.as("commands-by-identity"))
        .to(topics.revocations().name(), topics.revocations().produced("revocations-sink"));
  }

  /**
   * Every alert into its identity's risk, in the identity's task (before the revocation cap moves
   * the responding ones to one partition): a verdict to the compacted risk topic at each change of
   * level.
   */
  private static void risk(
      StreamsBuilder builder,
      KStream<String, Alert> alerts,
      Topics topics,
      ActiveRules rules,
      StoreKind stores,
      EventTimeBounds bounds) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            stores.supplier(RISK_STORE), Serdes.String(), Serdes.ByteArray()));
    alerts
        .process(
            () -> new RiskProcessor(RISK_STORE, rules, bounds.enabled()),
            Named.as("identity-risk"),
            RISK_STORE)
        .to(topics.risk().name(), topics.risk().produced("risk-sink"));
  }
}
