package dev.vigil.it;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.serde.ConfluentAvroSerde;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to a scope's input topics as an emitter would: contract events through the Confluent
 * serializer (registering their schemas in the real registry), or raw bytes for poison records.
 * Every send waits for the broker's acknowledgement, so events land in the order written.
 */
final class EventWriter implements AutoCloseable {

  private final ItScope scope;
  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<AuthEvent> auth;
  private final Serializer<TokenUseEvent> tokenUse;

  EventWriter(ItScope scope) {
    this.scope = scope;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ItCluster.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    this.auth =
        ConfluentAvroSerde.specific(AuthEvent.class, scope.serdeConfig(), false).serializer();
    this.tokenUse =
        ConfluentAvroSerde.specific(TokenUseEvent.class, scope.serdeConfig(), false).serializer();
  }

  /** Each event to its topic, keyed by identity as the contract asks. */
  void send(SpecificRecord... events) {
    sendKeyedBy(true, events);
  }

  /**
   * Each event to its topic keyed by its event id, as a producer that ignores the contract's keying
   * would: one identity's events land in different partitions (Vigil must bring them together).
   */
  void sendScattered(SpecificRecord... events) {
    sendKeyedBy(false, events);
  }

  /**
   * Each event to its topic keyed by identity, without waiting for each acknowledgement: a backlog
   * written as fast as the producer batches it. Returns once all are acknowledged.
   */
  void sendBacklog(List<? extends SpecificRecord> events) {
    for (SpecificRecord event : events) {
      producer.send(record(event, true));
    }
    producer.flush();
  }

  private void sendKeyedBy(boolean identity, SpecificRecord... events) {
    for (SpecificRecord event : events) {
      ProducerRecord<String, byte[]> record = record(event, identity);
      sendRaw(record.topic(), record.key(), record.value(), List.of());
    }
  }

  /** An input event as the record an emitter writes: keyed by identity, or else by event id. */
  private ProducerRecord<String, byte[]> record(SpecificRecord event, boolean byIdentity) {
    if (event instanceof AuthEvent a) {
      String topic = scope.topics().authEvents();
      return new ProducerRecord<>(
          topic, byIdentity ? a.getIdentityId() : a.getEventId(), auth.serialize(topic, a));
    }
    if (event instanceof TokenUseEvent u) {
      String topic = scope.topics().tokenEvents();
      return new ProducerRecord<>(
          topic, byIdentity ? u.getIdentityId() : u.getEventId(), tokenUse.serialize(topic, u));
    }
    throw new IllegalArgumentException("not an input event: " + event.getClass().getName());
  }

  /** Writes {@code value} as is; returns where it landed. */
  RecordMetadata sendRaw(String topic, String key, byte[] value, List<Header> headers) {
    try {
      return producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write to " + topic, e.getCause());
    }
  }

  /** The Confluent-framed bytes of an event, as {@link #send} would write them. */
  byte[] serialize(TokenUseEvent event) {
    return tokenUse.serialize(scope.topics().tokenEvents(), event);
  }

  @Override
  public void close() {
    producer.close();
    auth.close();
    tokenUse.close();
  }
}
