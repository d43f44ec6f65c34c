package dev.vigil.tools.bench;

import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.events.Alert;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Live traffic for one running app, in steps: each step offers a steady rate of events (simulated
 * traffic stamped as it is sent, so event time is the wall clock, as in production) with latency
 * probes among them, and measures each probe from its send to its answer read back by a
 * read_committed consumer.
 *
 * <p>A probe is a token issued for one audience and, 200 ms later, presented at another tool: the
 * detector must flag it ({@code audience_mismatch}), and its answer is the alert, matched by token
 * id. The passthrough's answer is the probe's use event copied to its output, matched by key. Both
 * apps get the same traffic and the same probes. Each probe has its own identity and token, so no
 * alert is suppressed.
 *
 * <p>Rates count every event sent, probes included. A probe not answered when the step is judged
 * counts at the time it has waited, a lower bound, so an app that falls behind cannot look fast by
 * losing probes.
 */
final class LiveSession implements AutoCloseable {

  /** Client ids of the harness's own Kafka clients: their threads carry it in their names. */
  static final String HARNESS_CLIENT = "vigil-bench-harness";

  /** Between a probe's issuance and its use, so the issuance is usually processed first. */
  private static final long ISSUE_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private static final String AUDIENCE = "github";
  private static final String OTHER_TOOL = "vault";
  private static final String PROBE_TOKEN = "bench-probe-token-";
  private static final String PROBE_IDENTITY = "svc-bench-probe-";
  private static final String PROBE_IDENTITY_SUFFIX = "@bench";

  /** What the app under test answers a probe with. */
  enum Answer {
    /** The detector: an alert naming the probe's token. */
    ALERT,
    /** The passthrough: the probe's use event, copied. */
    COPY
  }

  /**
   * One probe of a step, for a latency timeline.
   *
   * @param sentNanos when its use was sent ({@link System#nanoTime()})
   * @param latencyNanos until its answer was read, or, unanswered, how long it was waited for
   */
  record ProbeTime(long sentNanos, long latencyNanos, boolean answered) {}

  /**
   * One step.
   *
   * @param latencyMicros every probe, answered or not (an unanswered one at its wait so far)
   * @param overObjective probes answered later than the objective, or still waiting past it
   * @param aborted the step stopped early because its p99 could no longer meet the objective
   * @param cores where the cores went while the step offered its load ({@link CoreUsage})
   * @param startNanos when the step began offering load ({@link System#nanoTime()})
   * @param probeTimes every probe, in the order their uses were sent
   * @param duplicates answers read more than once during the step (same alert id, or the same
   *     copied event): exactly-once output has none
   */
  record Step(
      double offeredRate,
      double achievedRate,
      long events,
      int probes,
      int answered,
      int overObjective,
      Histogram latencyMicros,
      boolean aborted,
      double offerSeconds,
      Map<String, Double> cores,
      long startNanos,
      List<ProbeTime> probeTimes,
      int duplicates) {

    double percentileMs(double percentile) {
      return Math.round(latencyMicros.getValueAtPercentile(percentile) / 100.0) / 10.0;
    }

    double maxMs() {
      return Math.round(latencyMicros.getMaxValue() / 100.0) / 10.0;
    }

    /** The harness could not send what was asked: the step says nothing about the app. */
    boolean harnessLimited() {
      return achievedRate < 0.95 * offeredRate;
    }

    /** p99 within the objective, every probe measured, the load offered in full. */
    boolean meets(Duration objective) {
      return !aborted
          && !harnessLimited()
          && latencyMicros.getValueAtPercentile(99) <= objective.toNanos() / 1000;
    }
  }

  private final VigilTopics topics;
  private final TopologySerdes serdes;
  private final Answer answer;
  private final String app;
  private final Map<String, String> instances;
  private final Iterator<SpecificRecord> background;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread reader;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<Long, StepProbes> owners = new ConcurrentHashMap<>();
  private final Set<String> answerIds = ConcurrentHashMap.newKeySet();
  private final AtomicInteger duplicates = new AtomicInteger();
  private long nextProbe;

  /**
   * @param topics the input topics the app reads (auth and token events)
   * @param answers the topic the app answers on: alerts, or the passthrough's copy of token uses
   * @param app the application id under test, to attribute CPU time to it
   * @param background simulated traffic; each event is re-stamped at the wall clock when sent
   */
  LiveSession(
      String bootstrap,
      VigilTopics topics,
      TopologySerdes serdes,
      Answer answer,
      String answers,
      String app,
      Iterator<SpecificRecord> background) {
    this(bootstrap, topics, serdes, answer, answers, app, Map.of(), background);
  }

  /**
   * @param instances several instances of {@code app} in this JVM: label → a fragment of their
   *     threads' names (their client id), so each step's cores also say what each one used
   */
  LiveSession(
      String bootstrap,
      VigilTopics topics,
      TopologySerdes serdes,
      Answer answer,
      String answers,
      String app,
      Map<String, String> instances,
      Iterator<SpecificRecord> background) {
    this.topics = topics;
    this.serdes = serdes;
    this.answer = answer;
    this.app = app;
    this.instances = instances;
    this.background = background;
    this.consumer = reader(bootstrap, answers);
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG,
                HARNESS_CLIENT + "-load-" + app,
                ProducerConfig.LINGER_MS_CONFIG,
                2,
                ProducerConfig.BATCH_SIZE_CONFIG,
                128 * 1024),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    this.reader = new Thread(this::read, "bench-answer-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Offers {@code rate} events per second for {@code duration}, probes among them, then waits for
   * the probes' answers.
   *
   * @param objective when not null, the step stops early once more than 1 % of its probes are later
   *     than this (its p99 can no longer meet it), and waits for answers only until every probe
   *     still out has waited longer than it
   * @param maxWait the longest wait for answers after the load stops
   */
  Step step(
      double rate,
      Duration duration,
      double probesPerSecond,
      Duration objective,
      Duration maxWait) {
    return step(rate, duration, probesPerSecond, objective, maxWait, () -> false);
  }

  /**
   * The same, ending the load early as soon as {@code stop} says so (checked every 10 ms), for a
   * step whose end depends on what happens during it.
   */
  Step step(
      double rate,
      Duration duration,
      double probesPerSecond,
      Duration objective,
      Duration maxWait,
      BooleanSupplier stop) {
    long objectiveNanos = objective == null ? Long.MAX_VALUE : objective.toNanos();
    StepProbes probes = new StepProbes(objectiveNanos);
    int expected = (int) Math.max(1, Math.round(probesPerSecond * duration.toNanos() / 1e9));
    int allowedOver =
        objective == null ? Integer.MAX_VALUE : expected - (int) Math.ceil(0.99 * expected);
    long probeEvery = (long) (1e9 / probesPerSecond);
    ArrayDeque<long[]> issued = new ArrayDeque<>(); // {probe, issued at nanos}

    CoreUsage.Snapshot coresBefore = CoreUsage.take();
    int duplicatesBefore = duplicates.get();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long nextProbeAt = start + probeEvery / 2;
    long nextCheck = start;
    long sent = 0;
    int used = 0;
    boolean aborted = false;
    long now;
    while ((now = System.nanoTime()) < end && background.hasNext()) {
      if (now >= nextCheck) {
        nextCheck = now + TimeUnit.MILLISECONDS.toNanos(10);
        if (objective != null && probes.over(now) > allowedOver) {
          aborted = true;
          break;
        }
        if (stop.getAsBoolean()) {
          break;
        }
      }
      long due = (long) ((now - start) / 1e9 * rate);
      if (sent >= due) {
        LockSupport.parkNanos(200_000);
        continue;
      }
      while (sent < due && background.hasNext()) {
        now = System.nanoTime();
        if (now >= nextProbeAt) {
          long probe = nextProbe++;
          issue(probe);
          issued.add(new long[] {probe, now});
          nextProbeAt += probeEvery;
        } else if (!issued.isEmpty() && now - issued.peek()[1] >= ISSUE_LEAD_NANOS) {
          use(issued.poll()[0], probes);
          used++;
        } else {
          send(
              BenchEvents.encode(
                  BenchEvents.happeningAt(background.next(), Instant.now()), topics, serdes));
        }
        sent++;
      }
    }
    // The rate achieved is that of the paced loop; the tail below is not paced.
    long paced = System.nanoTime();
    long sentPaced = sent;
    // Probes still waiting for their use are used now, after the same lead.
    for (long[] probe : issued) {
      LockSupport.parkNanos(Math.max(0, ISSUE_LEAD_NANOS - (System.nanoTime() - probe[1])));
      use(probe[0], probes);
      used++;
      sent++;
    }
    producer.flush();
    long offered = System.nanoTime();
    Map<String, Double> cores = CoreUsage.between(coresBefore, CoreUsage.take(), app, instances);
    double seconds = (offered - start) / 1e9;
    double achieved = sentPaced / Math.max(1e-9, (paced - start) / 1e9);

    long waitUntil = offered + maxWait.toNanos();
    while (!aborted && probes.outstanding() > 0 && System.nanoTime() < waitUntil) {
      now = System.nanoTime();
      if (objective != null
          && (probes.over(now) > allowedOver || probes.youngestWait(now) > objectiveNanos)) {
        break; // the verdict can no longer change
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    StepProbes.Finished done = probes.finish(System.nanoTime(), owners);
    return new Step(
        rate,
        achieved,
        sent,
        used,
        done.answered(),
        done.over(),
        done.histogram(),
        aborted,
        seconds,
        cores,
        start,
        done.probeTimes(),
        duplicates.get() - duplicatesBefore);
  }

  private void issue(long probe) {
    AuthEvent issue =
        AuthEvent.newBuilder()
            .setEventId("bench-probe-issue-" + app + "-" + probe)
            .setEventTime(Instant.now())
            .setIdentityId(identity(probe))
            .setIdentityType(IdentityType.SERVICE_ACCOUNT)
            .setKind(AuthEventKind.TOKEN_ISSUED)
            .setOutcome(Outcome.SUCCESS)
            .setTokenId(PROBE_TOKEN + probe)
            .setAudience(AUDIENCE)
            .setSource(new Source())
            .build();
    send(BenchEvents.encode(issue, topics, serdes));
  }

  private void use(long probe, StepProbes probes) {
    TokenUseEvent use =
        TokenUseEvent.newBuilder()
            .setEventId("bench-probe-use-" + app + "-" + probe)
            .setEventTime(Instant.now())
            .setIdentityId(identity(probe))
            .setIdentityType(IdentityType.SERVICE_ACCOUNT)
            .setTokenId(PROBE_TOKEN + probe)
            .setTool(OTHER_TOOL)
            .setAction("secrets.read")
            .setOutcome(Outcome.SUCCESS)
            .setSource(new Source())
            .build();
    EncodedEvent encoded = BenchEvents.encode(use, topics, serdes);
    owners.put(probe, probes);
    probes.sent(probe, System.nanoTime());
    send(encoded);
  }

  private static String identity(long probe) {
    return PROBE_IDENTITY + probe + PROBE_IDENTITY_SUFFIX;
  }

  private void send(EncodedEvent event) {
    producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()));
  }

  private void read() {
    while (!closed.get()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
        long now = System.nanoTime();
        long probe = probeOf(record);
        if (probe >= 0 && !answerIds.add(answerId(record))) {
          duplicates.incrementAndGet();
        } else if (probe >= 0) {
          StepProbes owner = owners.remove(probe);
          if (owner != null) {
            owner.answered(probe, now);
          }
        }
      }
    }
  }

  /**
   * What makes an answer unique: the alert's id (deterministic, so a re-sent alert has the same
   * one), or the copied event's key (one identity per probe).
   */
  private String answerId(ConsumerRecord<String, byte[]> record) {
    if (answer == Answer.ALERT) {
      return serdes.alert().deserializer().deserialize(record.topic(), record.value()).getAlertId();
    }
    return record.key();
  }

  /** The probe a record answers, or -1. */
  private long probeOf(ConsumerRecord<String, byte[]> record) {
    String id;
    String prefix;
    if (answer == Answer.ALERT) {
      Alert alert = serdes.alert().deserializer().deserialize(record.topic(), record.value());
      id = alert == null ? null : alert.getTokenId();
      prefix = PROBE_TOKEN;
    } else {
      id = record.key();
      prefix = PROBE_IDENTITY;
    }
    if (id == null || !id.startsWith(prefix)) {
      return -1;
    }
    int endOfNumber = id.length();
    if (answer == Answer.COPY && id.endsWith(PROBE_IDENTITY_SUFFIX)) {
      endOfNumber -= PROBE_IDENTITY_SUFFIX.length();
    }
    try {
      return Long.parseLong(id.substring(prefix.length(), endOfNumber));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static KafkaConsumer<String, byte[]> reader(String bootstrap, String topic) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG,
                HARNESS_CLIENT + "-reader-" + topic,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                10),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        reader.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      consumer.close();
      producer.close();
    }
  }

  /** The probes of one step: sent, answered, and what is still out. */
  private static final class StepProbes {

    record Finished(Histogram histogram, int answered, int over, List<ProbeTime> probeTimes) {}

    private final long objectiveNanos;
    private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final Map<Long, Long> outstanding = new ConcurrentHashMap<>();
    private final List<ProbeTime> times = new java.util.ArrayList<>();
    private int answered;
    private int over;
    private boolean finished;

    StepProbes(long objectiveNanos) {
      this.objectiveNanos = objectiveNanos;
    }

    void sent(long probe, long at) {
      outstanding.put(probe, at);
    }

    synchronized void answered(long probe, long at) {
      Long sent = outstanding.remove(probe);
      if (sent == null || finished) {
        return;
      }
      answered++;
      record(at - sent);
      times.add(new ProbeTime(sent, at - sent, true));
    }

    int outstanding() {
      return outstanding.size();
    }

    /** Probes answered later than the objective, or still out and waiting longer already. */
    synchronized int over(long now) {
      int n = over;
      for (long sent : outstanding.values()) {
        if (now - sent > objectiveNanos) {
          n++;
        }
      }
      return n;
    }

    /** How long the most recently sent probe still out has waited. */
    long youngestWait(long now) {
      long youngest = Long.MIN_VALUE;
      for (long sent : outstanding.values()) {
        youngest = Math.max(youngest, sent);
      }
      return youngest == Long.MIN_VALUE ? Long.MAX_VALUE : now - youngest;
    }

    synchronized Finished finish(long now, Map<Long, StepProbes> owners) {
      finished = true;
      for (Map.Entry<Long, Long> e : outstanding.entrySet()) {
        owners.remove(e.getKey(), this);
        record(now - e.getValue());
        times.add(new ProbeTime(e.getValue(), now - e.getValue(), false));
      }
      outstanding.clear();
      times.sort(java.util.Comparator.comparingLong(ProbeTime::sentNanos));
      return new Finished(histogram.copy(), answered, over, List.copyOf(times));
    }

    private void record(long nanos) {
      if (nanos > objectiveNanos) {
        over++;
      }
      histogram.recordValue(
          Math.min(
              histogram.getHighestTrackableValue(),
              Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }
  }
}
