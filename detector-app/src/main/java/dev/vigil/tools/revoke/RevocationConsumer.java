package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
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
 * The revocation consumer's loop: poll, apply each command, commit its offset. An offset is
 * committed only after its command is applied, dead-lettered, or found already applied, so a crash
 * at any point re-reads commands rather than skipping them, and the dedup store turns the re-read
 * into a no-op. Offsets are committed one record at a time: revocations are rare and each one
 * matters more than throughput.
 *
 * <p>The consumer it is given must use manual commits and {@code isolation.level=read_committed}
 * (see {@link RevocationClients#consumer}), so commands of aborted detector transactions are never
 * applied.
 *
 * <p>Two outages it rides out without losing or repeating a command:
 *
 * <ul>
 *   <li>Schema Registry unreachable: the record cannot be decoded yet, but it is not bad. Nothing
 *       is committed or dead-lettered; the consumer seeks back to it, waits (doubling, capped) and
 *       polls again, keeping its group membership, until the registry answers.
 *   <li>A receiver down for longer than a poll interval: batches are bounded ({@link
 *       RevocationClients#maxPollRecords}) so one poll's worth of retries fits well inside {@code
 *       max.poll.interval.ms}; and should the group move a partition anyway, the first refused
 *       commit ends the batch, so no command of a partition it no longer owns is applied.
 * </ul>
 */
public final class RevocationConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(RevocationConsumer.class);

  private final Consumer<String, RevocationCommand> consumer;
  private final String topic;
  private final RevocationApplier applier;
  private final DeadLetterPublisher deadLetters;
  private final RetryPolicy registryWaits;
  private final Sleeper sleeper;
  private int registryFailuresInARow;
  private volatile long registryWaitsTotal;
  private volatile boolean stopping;

  public RevocationConsumer(
      Consumer<String, RevocationCommand> consumer,
      String topic,
      RevocationApplier applier,
      DeadLetterPublisher deadLetters) {
    this(
        consumer,
        topic,
        applier,
        deadLetters,
        RetryPolicy.forever(Duration.ofSeconds(1), Duration.ofSeconds(30)),
        Sleeper.REAL);
  }

  /** With the waits between polls while the Schema Registry is unreachable; tests shorten them. */
  public RevocationConsumer(
      Consumer<String, RevocationCommand> consumer,
      String topic,
      RevocationApplier applier,
      DeadLetterPublisher deadLetters,
      RetryPolicy registryWaits,
      Sleeper sleeper) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.applier = Objects.requireNonNull(applier, "applier");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.registryWaits = Objects.requireNonNull(registryWaits, "registryWaits");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  public void subscribe() {
    consumer.subscribe(List.of(topic));
  }

  /** Subscribes and polls until {@link #stop()}; returns normally on stop. */
  public void run(Duration pollTimeout) throws InterruptedException {
    subscribe();
    LOG.info(
        "reading revocation commands from {} (dead letters to {})", topic, deadLetters.topic());
    try {
      while (!stopping) {
        pollOnce(pollTimeout);
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    }
    LOG.info("revocation consumer stopped");
  }

  /** Requests a stop from any thread; the loop finishes the command in hand first. */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /**
   * One poll and everything it returned. Returns the number of records handled, including an
   * undecodable one sent to the dead letters.
   */
  public int pollOnce(Duration timeout) throws InterruptedException {
    ConsumerRecords<String, RevocationCommand> records;
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
      for (ConsumerRecord<String, RevocationCommand> record : records.records(partition)) {
        RecordSource source = new RecordSource(record.topic(), record.partition(), record.offset());
        if (record.value() == null) {
          LOG.warn("empty record at {} skipped: a revocation topic carries no tombstones", source);
        } else {
          applier.apply(record.value(), source);
        }
        handled++;
        if (!commit(partition, record.offset())) {
          // This member no longer owns what it is holding: the rest of the batch belongs to
          // whoever the group gave it to, and is left to them.
          return handled;
        }
      }
    }
    return handled;
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

  /** How many times it has waited for the Schema Registry since it started. */
  public long registryWaits() {
    return registryWaitsTotal;
  }

  /** Commits past {@code offset}; false when the group has moved the partition elsewhere. */
  private boolean commit(TopicPartition partition, long offset) {
    try {
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)));
      return true;
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // The partition moved while the command was being applied. Its outcome is already in the
      // dedup store; whoever reads the record next either skips it (same state dir) or applies it
      // with its own store, which is why sinks must be idempotent.
      LOG.warn(
          "offset {} of {} not committed ({}); the record will be read again by its new owner",
          offset,
          partition,
          e.getMessage());
      return false;
    }
  }
}
