package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import dev.vigil.runtime.lifecycle.Sleeper;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocation consumer: poll, apply each command, commit its offset ({@link CommitEachRecord},
 * shared with the SSF alerts loop). An offset is committed only after its command is applied,
 * dead-lettered, or found already applied, so a crash at any point re-reads commands rather than
 * skipping them, and the dedup store turns the re-read into a no-op. Offsets are committed one
 * record at a time: revocations are rare and each one matters more than throughput.
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

  private final String topic;
  private final RevocationApplier applier;
  private final DeadLetterPublisher deadLetters;
  private final CommitEachRecord<RevocationCommand> loop;

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
    this.topic = Objects.requireNonNull(topic, "topic");
    this.applier = Objects.requireNonNull(applier, "applier");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.loop =
        new CommitEachRecord<>(consumer, topic, deadLetters, registryWaits, sleeper, this::apply);
  }

  public void subscribe() {
    loop.subscribe();
  }

  /** Subscribes and polls until {@link #stop()}; returns normally on stop. */
  public void run(Duration pollTimeout) throws InterruptedException {
    LOG.info(
        "reading revocation commands from {} (dead letters to {})", topic, deadLetters.topic());
    loop.run(pollTimeout);
    LOG.info("revocation consumer stopped");
  }

  /** Requests a stop from any thread; the loop finishes the command in hand first. */
  public void stop() {
    loop.stop();
  }

  /**
   * One poll and everything it returned. Returns the number of records handled, including an
   * undecodable one sent to the dead letters.
   */
  public int pollOnce(Duration timeout) throws InterruptedException {
    return loop.pollOnce(timeout);
  }

  /** How many times it has waited for the Schema Registry since it started. */
  public long registryWaits() {
    return loop.registryWaits();
  }

  private void apply(ConsumerRecord<String, RevocationCommand> record) throws InterruptedException {
    RecordSource source = new RecordSource(record.topic(), record.partition(), record.offset());
    if (record.value() == null) {
      LOG.warn("empty record at {} skipped: a revocation topic carries no tombstones", source);
    } else {
      applier.apply(record.value(), source);
    }
  }
}
