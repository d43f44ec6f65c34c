package dev.vigil.tools.soak;

import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.serde.ConfluentAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a soak's traffic to the input topics at a steady rate, on a thread of its own: benign
 * uses, an attack every {@code attackEvery}, and a fault every {@code faultEvery}, each keyed by
 * identity as the contract asks. The producer is idempotent with a long delivery timeout, so it
 * rides out the broker restart without losing or doubling a record; where each fault landed is kept
 * for the audit.
 */
final class TrafficInjector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrafficInjector.class);

  /** A header on every injected fault, so a person reading the dead letters sees what it was. */
  static final String FAULT_HEADER = "vigil.soak.fault";

  private static final Duration TICK = Duration.ofMillis(50);

  private final SoakPlan plan;
  private final VigilTopics topics;
  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<AuthEvent> auth;
  private final Serializer<TokenUseEvent> tokenUse;
  private final SoakTraffic traffic;
  private final List<InjectedFault> faults = new ArrayList<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final PriorityQueue<Due> pending =
      new PriorityQueue<>(Comparator.comparing(Due::at).thenComparingLong(Due::order));
  private final Thread thread;
  private volatile boolean stopping;
  private volatile RuntimeException crashed;
  private long attacks;
  private long faultCount;
  private long order;

  private record Due(Instant at, long order, SpecificRecord event) {}

  TrafficInjector(SoakPlan plan, VigilTopics topics, String bootstrap, String registryUrl) {
    this.plan = plan;
    this.topics = topics;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "vigil-soak-traffic",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                // Long enough to wait out a broker restart instead of giving up on a record.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000"),
            new StringSerializer(),
            new ByteArraySerializer());
    Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl);
    this.auth = ConfluentAvroSerde.specific(AuthEvent.class, serdeConfig, false).serializer();
    this.tokenUse =
        ConfluentAvroSerde.specific(TokenUseEvent.class, serdeConfig, false).serializer();
    this.traffic = new SoakTraffic(plan.identities());
    this.thread = new Thread(this::loop, "vigil-soak-traffic");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Stops starting attacks and faults, sends the steps of the attacks already started, and waits
   * until the broker acknowledged or refused every record.
   */
  void finish() throws InterruptedException {
    stopping = true;
    thread.join();
    producer.flush();
    if (crashed != null) {
      throw crashed;
    }
  }

  private void loop() {
    try {
      Instant started = now();
      traffic.opening(started).forEach(this::send);
      Instant nextAttack = started.plus(plan.attackEvery());
      Instant nextFault = started.plus(plan.faultEvery());
      long benign = 0;
      while (!stopping || !pending.isEmpty()) {
        Instant now = now();
        while (!pending.isEmpty() && !pending.peek().at().isAfter(now)) {
          send(pending.poll().event());
        }
        long dueBenign = Duration.between(started, now).toMillis() * plan.rate() / 1000;
        for (; benign < dueBenign && !stopping; benign++) {
          send(traffic.benignUse(now));
        }
        if (!stopping && !now.isBefore(nextAttack)) {
          for (SoakTraffic.Step step : traffic.attack(attacks++, now)) {
            pending.add(new Due(now.plus(step.offset()), order++, step.event()));
          }
          nextAttack = nextAttack.plus(plan.attackEvery());
        }
        if (!stopping && !now.isBefore(nextFault)) {
          inject(Fault.nth(faultCount), faultCount++, now);
          nextFault = nextFault.plus(plan.faultEvery());
        }
        Thread.sleep(TICK.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("The soak's traffic stopped", e);
      crashed = e;
    }
  }

  private void send(SpecificRecord event) {
    ProducerRecord<String, byte[]> record = record(event);
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            acknowledged.incrementAndGet();
          } else {
            failed.incrementAndGet();
            log.warn("A soak event was not written: {}", error.toString());
          }
        });
  }

  private ProducerRecord<String, byte[]> record(SpecificRecord event) {
    if (event instanceof AuthEvent a) {
      return new ProducerRecord<>(
          topics.authEvents(), a.getIdentityId(), auth.serialize(topics.authEvents(), a));
    }
    TokenUseEvent u = (TokenUseEvent) event;
    return new ProducerRecord<>(
        topics.tokenEvents(), u.getIdentityId(), tokenUse.serialize(topics.tokenEvents(), u));
  }

  private void inject(Fault fault, long n, Instant now) {
    String identity = "svc-soak-skew-" + n + "@corp.iam";
    ProducerRecord<String, byte[]> record =
        switch (fault) {
          case HOURS_AHEAD -> record(traffic.lonelyUse(identity, now.plus(Fault.HOURS_AHEAD_BY)));
          case DAYS_BEHIND -> record(traffic.lonelyUse(identity, now.minus(Fault.DAYS_BEHIND_BY)));
          case DAYS_AHEAD -> record(traffic.lonelyUse(identity, now.plus(Fault.DAYS_AHEAD_BY)));
          default -> {
            String topic = n % 2 == 0 ? topics.tokenEvents() : topics.authEvents();
            byte[] sample =
                tokenUse.serialize(topics.tokenEvents(), traffic.lonelyUse(identity, now));
            yield new ProducerRecord<>(topic, "soak-fault-" + n, FaultBytes.of(fault, sample));
          }
        };
    record
        .headers()
        .add(new RecordHeader(FAULT_HEADER, fault.label().getBytes(StandardCharsets.UTF_8)));
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            synchronized (faults) {
              faults.add(
                  new InjectedFault(
                      fault, metadata.topic(), metadata.partition(), metadata.offset()));
            }
          } else {
            failed.incrementAndGet();
            log.warn("A soak fault was not written: {}", error.toString());
          }
        });
  }

  /** Every fault the broker acknowledged, with where it landed. */
  List<InjectedFault> faults() {
    synchronized (faults) {
      return List.copyOf(faults);
    }
  }

  /** Attacks started. */
  long attacks() {
    return attacks;
  }

  /** Records the broker acknowledged: events and faults. */
  long acknowledged() {
    return acknowledged.get() + faults().size();
  }

  /** Records the producer gave up on. */
  long failed() {
    return failed.get();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    producer.close(Duration.ofSeconds(30));
    auth.close();
    tokenUse.close();
  }
}
