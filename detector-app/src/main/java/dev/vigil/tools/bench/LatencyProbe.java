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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Event-to-alert latency under a steady offered load. Background traffic is produced at a fixed
 * rate; among it, probes: a token is issued for one audience and, a little later, presented at
 * another tool, which the detector must flag (audience_mismatch). Both carry the background's
 * current event time, so probes never push stream time ahead of the traffic (which would make later
 * events late). Each probe has its own identity and token, so no alert is suppressed, and its alert
 * is matched back by token id. Latency runs from the send of the use to the alert being read by a
 * read_committed consumer: what a SOC consumer would see.
 */
final class LatencyProbe {

  /** Between a probe's issuance and its use, so the issuance is usually processed first. */
  private static final long ISSUE_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private static final String AUDIENCE = "github";
  private static final String OTHER_TOOL = "vault";
  private static final Duration DRAIN_WAIT = Duration.ofSeconds(30);
  private static final String PROBE_TOKEN = "bench-probe-token-";

  /**
   * @param latencyMicros every probe, answered or not (an unanswered one at its wait so far)
   * @param answered probes whose alert was read within the run and the drain wait after it
   */
  record Result(
      Histogram latencyMicros,
      int probes,
      int answered,
      double offeredRate,
      double achievedRate,
      long backgroundEvents) {}

  private final String bootstrap;
  private final VigilTopics topics;
  private final TopologySerdes serdes;

  LatencyProbe(String bootstrap, VigilTopics topics, TopologySerdes serdes) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.serdes = serdes;
  }

  Result run(
      Iterator<EncodedEvent> background, double rate, Duration duration, double probesPerSecond)
      throws InterruptedException {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    AtomicBoolean stop = new AtomicBoolean();
    try (KafkaConsumer<String, Alert> consumer = alertReader()) {
      Thread reader =
          new Thread(() -> read(consumer, sentAt, histogram, stop), "bench-alert-reader");
      reader.start();
      long sent;
      int probes;
      long began = System.nanoTime();
      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        long[] counts = offer(producer, background, rate, duration, probesPerSecond, sentAt);
        sent = counts[0];
        probes = (int) counts[1];
      }
      double achieved = sent / ((System.nanoTime() - began) / 1e9);
      long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
      while (answered(histogram) < probes && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      stop.set(true);
      reader.join();
      synchronized (histogram) {
        int answered = (int) histogram.getTotalCount();
        // A probe never answered is not dropped from the figures: it counts as having waited until
        // now, a lower bound, so a detector that falls behind cannot look fast by losing its
        // probes.
        long now = System.nanoTime();
        sentAt.values().forEach(at -> record(histogram, now - at));
        return new Result(histogram.copy(), probes, answered, rate, achieved, sent);
      }
    }
  }

  private static long answered(Histogram histogram) {
    synchronized (histogram) {
      return histogram.getTotalCount();
    }
  }

  /** Paces the background at {@code rate}; returns {events sent, probes used}. */
  private long[] offer(
      KafkaProducer<byte[], byte[]> producer,
      Iterator<EncodedEvent> background,
      double rate,
      Duration duration,
      double probesPerSecond,
      Map<String, Long> sentAt) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long probeEvery = Math.max(1, Math.round(rate / probesPerSecond));
    ArrayDeque<long[]> issued =
        new ArrayDeque<>(); // {probe number, issued-at nanos, issued-at event millis}
    Instant eventTime = null;
    long sent = 0;
    long probes = 0;
    while (System.nanoTime() < end && background.hasNext()) {
      long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
      if (sent >= due) {
        LockSupport.parkNanos(200_000);
        continue;
      }
      while (sent < due && background.hasNext()) {
        EncodedEvent event = background.next();
        eventTime = Instant.ofEpochMilli(event.eventTime());
        send(producer, event);
        sent++;
        if (sent % probeEvery == 0) {
          issue(producer, probes, eventTime);
          issued.add(new long[] {probes, System.nanoTime(), eventTime.toEpochMilli()});
          probes++;
        }
        while (!issued.isEmpty() && System.nanoTime() - issued.peek()[1] >= ISSUE_LEAD_NANOS) {
          use(producer, issued.poll()[0], eventTime, sentAt);
        }
      }
    }
    // Probes still waiting for their use are used now, after the same lead.
    for (long[] probe : issued) {
      LockSupport.parkNanos(Math.max(0, ISSUE_LEAD_NANOS - (System.nanoTime() - probe[1])));
      use(producer, probe[0], eventTime, sentAt);
    }
    producer.flush();
    return new long[] {sent, probes};
  }

  private void issue(KafkaProducer<byte[], byte[]> producer, long probe, Instant time) {
    AuthEvent issue =
        AuthEvent.newBuilder()
            .setEventId("bench-probe-issue-" + probe)
            .setEventTime(time)
            .setIdentityId(identity(probe))
            .setIdentityType(IdentityType.SERVICE_ACCOUNT)
            .setKind(AuthEventKind.TOKEN_ISSUED)
            .setOutcome(Outcome.SUCCESS)
            .setTokenId(PROBE_TOKEN + probe)
            .setAudience(AUDIENCE)
            .setSource(new Source())
            .build();
    send(producer, BenchEvents.encode(issue, topics, serdes));
  }

  private void use(
      KafkaProducer<byte[], byte[]> producer, long probe, Instant time, Map<String, Long> sentAt) {
    TokenUseEvent use =
        TokenUseEvent.newBuilder()
            .setEventId("bench-probe-use-" + probe)
            .setEventTime(time)
            .setIdentityId(identity(probe))
            .setIdentityType(IdentityType.SERVICE_ACCOUNT)
            .setTokenId(PROBE_TOKEN + probe)
            .setTool(OTHER_TOOL)
            .setAction("secrets.read")
            .setOutcome(Outcome.SUCCESS)
            .setSource(new Source())
            .build();
    EncodedEvent encoded = BenchEvents.encode(use, topics, serdes);
    sentAt.put(PROBE_TOKEN + probe, System.nanoTime());
    send(producer, encoded);
  }

  private static String identity(long probe) {
    return "svc-bench-probe-" + probe + "@bench";
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, EncodedEvent event) {
    producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()));
  }

  private void read(
      KafkaConsumer<String, Alert> consumer,
      Map<String, Long> sentAt,
      Histogram histogram,
      AtomicBoolean stop) {
    while (!stop.get()) {
      for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(20))) {
        long now = System.nanoTime();
        Alert alert = record.value();
        Long sent = alert.getTokenId() == null ? null : sentAt.remove(alert.getTokenId());
        if (sent != null) {
          synchronized (histogram) {
            record(histogram, now - sent);
          }
        }
      }
    }
  }

  private static void record(Histogram histogram, long nanos) {
    histogram.recordValue(
        Math.min(
            histogram.getHighestTrackableValue(),
            Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
  }

  private KafkaConsumer<String, Alert> alertReader() {
    KafkaConsumer<String, Alert> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                10),
            new StringDeserializer(),
            serdes.alert().deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topics.alerts()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.LINGER_MS_CONFIG,
            2,
            ProducerConfig.BATCH_SIZE_CONFIG,
            128 * 1024),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
