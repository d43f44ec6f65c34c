package dev.vigil.tools.revoke;

import dev.vigil.runtime.Causes;
import dev.vigil.runtime.dlq.RegistryOutage;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import dev.vigil.runtime.lifecycle.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of the consumers that act on each record once (the revocation consumer, the SSF
 * alerts loop): poll, hand each record to a {@link Handler}, commit its offset, one record at a
 * time. An offset is committed only after its record is handled, so a crash re-reads rather than
 * skips; the handler's dedup store turns the re-read into a no-op.
 *
 * <p>An undecodable record is dead-lettered and skipped. A record the Schema Registry cannot decode
 * yet is not bad: nothing is committed or dead-lettered, the consumer seeks back to it, waits
 * (doubling, capped) and polls again, keeping its group membership. The first refused commit ends
 * the batch: the rest belongs to whoever the group gave the partition to.
 */
public final class CommitEachRecord<V> {

  /** What to do with one record; its offset is committed when this returns. */
  @FunctionalInterface
  public interface Handler<V> {
    void handle(ConsumerRecord<String, V> record) throws InterruptedException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(CommitEachRecord.class);

  private final Consumer<String, V> consumer;
  private final String topic;
  private final DeadLetterPublisher deadLetters;
  private final RetryPolicy registryWaits;
  private final Sleeper sleeper;
  private final Handler<V> handler;
  private int registryFailuresInARow;
  private volatile long registryWaitsTotal;
  private volatile boolean stopping;

  /**
   * @param consumer with manual commits and {@code isolation.level=read_committed} (see {@link
   *     RevocationClients#consumer})
   * @param registryWaits the waits between polls while the Schema Registry is unreachable
   */
  public CommitEachRecord(
      Consumer<String, V> consumer,
      String topic,
      DeadLetterPublisher deadLetters,
      RetryPolicy registryWaits,
      Sleeper sleeper,
      Handler<V> handler) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.registryWaits = Objects.requireNonNull(registryWaits, "registryWaits");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  public void subscribe() {
    consumer.subscribe(List.of(topic));
  }

  /** Subscribes and polls until {@link #stop()}; returns normally on stop. */
  public void run(Duration pollTimeout) throws InterruptedException {
    subscribe();
    try {
      while (!stopping) {
        pollOnce(pollTimeout);
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    }
  }

  /** Requests a stop from any thread; the loop finishes the record in hand first. */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /**
   * One poll and everything it returned. Returns the number of records handled, including an
   * undecodable one sent to the dead letters.
   */
  public int pollOnce(Duration timeout) throws InterruptedException {
    ConsumerRecords<String, V> records;
    try {
      records = consumer.poll(timeout);
    } catch (RecordDeserializationException e) {
      if (RegistryOutage.isOutage(e)) {
        waitForRegistry(e);
        return 0;
      }
      deadLetters.undecodable(e);
      LOG.error(
          "undecodable record at {}@{} sent to {}: {}",
          e.topicPartition(),
          e.offset(),
          deadLetters.topic(),
          e.getMessage());
      consumer.seek(e.topicPartition(), e.offset() + 1);
      commit(e.topicPartition(), e.offset());
      return 1;
    }
    registryFailuresInARow = 0;
    int handled = 0;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<String, V> record : records.records(partition)) {
        handler.handle(record);
        handled++;
        if (!commit(partition, record.offset())) {
          return handled;
        }
      }
    }
    return handled;
  }

  /** How many times it has waited for the Schema Registry since it started. */
  public long registryWaits() {
    return registryWaitsTotal;
  }

  /** The record is fine; the registry is not. Stay on it, wait, and let the next poll retry. */
  private void waitForRegistry(RecordDeserializationException e) throws InterruptedException {
    registryFailuresInARow++;
    registryWaitsTotal++;
    Duration wait = registryWaits.backoffAfter(registryFailuresInARow);
    LOG.warn(
        "Schema Registry unavailable reading {}@{} ({}); nothing committed, retrying in {} ms",
        e.topicPartition(),
        e.offset(),
        Causes.root(e).getMessage(),
        wait.toMillis());
    consumer.seek(e.topicPartition(), e.offset());
    sleeper.sleep(wait);
  }

  /** Commits past {@code offset}; false when the group has moved the partition elsewhere. */
  private boolean commit(TopicPartition partition, long offset) {
    try {
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)));
      return true;
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // The partition moved while the record was handled. Its outcome is already in the dedup
      // store; whoever reads the record next either skips it (same state dir) or handles it with
      // its own store, which is why sinks and receivers must be idempotent.
      LOG.warn(
          "offset {} of {} not committed ({}); the record will be read again by its new owner",
          offset,
          partition,
          e.getMessage());
      return false;
    }
  }
}
