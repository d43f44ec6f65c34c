package dev.vigil.tools.simulate.kafka;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.serde.ConfluentAvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes contract events to Kafka the way an emitter would: {@code AuthEvent} to the auth topic,
 * {@code TokenUseEvent} to the token-use topic, keyed by {@code identity_id}, values in the
 * Confluent Avro wire format on the configured Schema Registry. Used by {@code vigil simulate
 * --bootstrap-servers} and by {@code vigil demo}.
 *
 * <p>Sends are asynchronous; the first delivery failure is kept and thrown by the next {@link
 * #send} or by {@link #flush()}, so a feed stops instead of losing events silently.
 *
 * <p>A transactional producer ({@code vigil simulate}) writes in transactions that each span at
 * most a given stretch of event time (and at most {@link #TRANSACTION_EVENTS} events or five
 * seconds of wall time), committed by {@link #flush()} or when the next event falls outside the
 * stretch. A detector already running reads with read_committed (exactly-once), so it sees a
 * history sent at full speed one committed stretch at a time and reads the two topics nearly in
 * step, as it reads a backlog: its detectors get the history in about the order it happened.
 * Without transactions a history sent at full speed into a running detector can have one topic
 * hours ahead of the other. No event is late either way (lateness is judged within each partition,
 * and each topic is written in time order); what the stretches keep is the order across topics,
 * which detectors need within their lookback to place a use beside its token's issuance.
 */
public final class EventProducer implements EventSink, AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final Serde<AuthEvent> authSerde;
  private final Serde<TokenUseEvent> tokenSerde;
  private final String authTopic;
  private final String tokenTopic;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Duration transactionSpan;
  private boolean inTransaction;
  private long inThisTransaction;
  private long transactionStarted;
  private Instant transactionFrom;
  private long sent;

  /** The most events one transaction holds before it is committed. */
  static final int TRANSACTION_EVENTS = 5_000;

  /**
   * The most event time one transaction of a history spans: the two topics are then read at most
   * this far apart, a small part of the detectors' 15-minute lookback.
   */
  public static final Duration TRANSACTION_SPAN = Duration.ofSeconds(15);

  /**
   * The longest a transaction stays open, far below the broker's transaction timeout (a minute by
   * default) even at a slow --rate.
   */
  private static final long TRANSACTION_NANOS = Duration.ofSeconds(5).toNanos();

  /** A producer to {@code config}'s cluster, registry and event topics, without transactions. */
  public static EventProducer to(VigilConfig config) {
    return to(config, null);
  }

  /**
   * A producer to {@code config}'s cluster, registry and event topics.
   *
   * @param transactionSpan null to send without transactions; see the constructor
   */
  public static EventProducer to(VigilConfig config, Duration transactionSpan) {
    return new EventProducer(
        config.clientConfig(),
        config.serdeConfig(),
        config.topics().authEvents(),
        config.topics().tokenEvents(),
        transactionSpan);
  }

  /**
   * @param clientConfig bootstrap servers and security settings (e.g. {@code
   *     VigilConfig.clientConfig()})
   * @param serdeConfig Confluent serde settings, at least {@code schema.registry.url}
   */
  public EventProducer(
      Map<String, Object> clientConfig,
      Map<String, ?> serdeConfig,
      String authTopic,
      String tokenTopic) {
    this(clientConfig, serdeConfig, authTopic, tokenTopic, null);
  }

  /**
   * @param transactionSpan null to send without transactions; else the most event time one
   *     transaction may span (well within the detectors' lookback). Transactions need, on a secured
   *     cluster, WRITE on the transactional id {@code vigil-simulate-*}
   */
  public EventProducer(
      Map<String, Object> clientConfig,
      Map<String, ?> serdeConfig,
      String authTopic,
      String tokenTopic,
      Duration transactionSpan) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // One request in flight per partition: on a freshly created partition the first batches can
    // be answered NOT_LEADER_OR_FOLLOWER while later ones are already in flight, and their
    // sequence numbers were then refused as out of order until the delivery timeout expired.
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    // A few milliseconds of batching lets a history backlog go out at tens of thousands a second.
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-simulate");
    this.transactionSpan = transactionSpan;
    boolean transactional = transactionSpan != null;
    if (transactional) {
      config.putIfAbsent(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vigil-simulate-" + UUID.randomUUID());
      // The first send of a transaction is answered CONCURRENT_TRANSACTIONS until the broker has
      // finished the previous commit, a matter of milliseconds: retry soon, not after the default
      // 100 ms doubling to a second, or a history of thousands of short transactions crawls.
      config.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
      config.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 50);
    }
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    if (transactional) {
      try {
        producer.initTransactions();
      } catch (RuntimeException e) {
        producer.close(Duration.ZERO);
        throw new IllegalStateException(
            "cannot start a transactional producer (transactional.id "
                + config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
                + "): "
                + e.getMessage()
                + "; --no-transactions sends without them",
            e);
      }
    }
    this.authSerde = ConfluentAvroSerde.specific(AuthEvent.class, serdeConfig, false);
    this.tokenSerde = ConfluentAvroSerde.specific(TokenUseEvent.class, serdeConfig, false);
    this.authTopic = authTopic;
    this.tokenTopic = tokenTopic;
  }

  /** Sends one AuthEvent or TokenUseEvent; throws the first earlier delivery failure, if any. */
  @Override
  public void send(SpecificRecord event) {
    throwIfFailed();
    ProducerRecord<String, byte[]> record;
    if (event instanceof AuthEvent auth) {
      record = record(authTopic, auth.getIdentityId(), authSerde.serializer(), auth);
    } else if (event instanceof TokenUseEvent use) {
      record = record(tokenTopic, use.getIdentityId(), tokenSerde.serializer(), use);
    } else {
      throw new IllegalArgumentException(
          "not a contract input event: "
              + event.getClass().getName()
              + " (expected AuthEvent or TokenUseEvent)");
    }
    if (transactionSpan != null) {
      Instant time = EventFeed.eventTime(event);
      if (inTransaction
          && (inThisTransaction >= TRANSACTION_EVENTS
              || System.nanoTime() - transactionStarted >= TRANSACTION_NANOS
              || !time.isBefore(transactionFrom.plus(transactionSpan)))) {
        commit();
      }
      if (!inTransaction) {
        producer.beginTransaction();
        inTransaction = true;
        transactionStarted = System.nanoTime();
        transactionFrom = time;
      }
      inThisTransaction++;
    }
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            acknowledged.incrementAndGet();
          } else {
            failure.compareAndSet(null, error);
          }
        });
    sent++;
  }

  private static <T> ProducerRecord<String, byte[]> record(
      String topic, String key, Serializer<T> serializer, T value) {
    return new ProducerRecord<>(topic, key, serializer.serialize(topic, value));
  }

  /** Events handed to {@link #send}. */
  public long sent() {
    return sent;
  }

  /** Events the cluster has acknowledged. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /**
   * Waits until every sent event is acknowledged (and, when transactional, commits them); throws
   * the first delivery failure.
   */
  @Override
  public void flush() {
    if (inTransaction) {
      commit();
    } else {
      producer.flush();
    }
    throwIfFailed();
  }

  private void commit() {
    producer.flush();
    throwIfFailed();
    producer.commitTransaction();
    inTransaction = false;
    inThisTransaction = 0;
  }

  private void throwIfFailed() {
    Exception error = failure.get();
    if (error != null) {
      throw new IllegalStateException(
          "cannot produce events to " + authTopic + " / " + tokenTopic + ": " + error.getMessage(),
          error);
    }
  }

  @Override
  public void close() {
    producer.close();
    authSerde.close();
    tokenSerde.close();
  }
}
