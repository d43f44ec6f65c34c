package dev.vigil.tools.ssf;

import dev.vigil.events.Alert;
import dev.vigil.events.Severity;
import dev.vigil.events.json.EventJson;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import dev.vigil.runtime.lifecycle.Sleeper;
import dev.vigil.tools.revoke.AppliedCommandStore;
import dev.vigil.tools.revoke.CommitEachRecord;
import dev.vigil.tools.revoke.DeadLetterPublisher;
import dev.vigil.tools.revoke.SinkResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts at or above a severity, as CAEP risk-level changes, to every receiver once (never a
 * retrospective alert: history read during the detector's warm-up is no risk now): read with the
 * revocation consumer's settings (read_committed, manual commits, {@link
 * dev.vigil.tools.revoke.RevocationClients}), each (receiver, jti) looked up in and recorded to the
 * same {@link AppliedCommandStore}, retried by the {@link RetryPolicy}; what a receiver refuses is
 * dead-lettered as the alert's JSON line with the headers every Vigil dead letter carries. An
 * offset is committed only once every receiver's outcome is recorded.
 */
public final class AlertSetLoop {

  private static final Logger LOG = LoggerFactory.getLogger(AlertSetLoop.class);

  private final String topic;
  private final Severity minimum;
  private final List<SsfReceiver> receivers;
  private final SetSigner signer;
  private final String issuer;
  private final SecurityEvents events;
  private final PushDelivery push;
  private final AppliedCommandStore store;
  private final Producer<byte[], byte[]> deadLetterProducer;
  private final DeadLetterPublisher deadLetters;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final CommitEachRecord<Alert> loop;

  public AlertSetLoop(
      Consumer<String, Alert> consumer,
      String topic,
      Severity minimum,
      List<SsfReceiver> receivers,
      SetSigner signer,
      String issuer,
      SecurityEvents events,
      PushDelivery push,
      AppliedCommandStore store,
      Producer<byte[], byte[]> deadLetterProducer,
      DeadLetterPublisher deadLetters,
      RetryPolicy retryPolicy,
      Sleeper sleeper) {
    this.topic = topic;
    this.minimum = minimum;
    this.receivers = List.copyOf(receivers);
    this.signer = signer;
    this.issuer = issuer;
    this.events = events;
    this.push = push;
    this.store = store;
    this.deadLetterProducer = deadLetterProducer;
    this.deadLetters = deadLetters;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    this.loop =
        new CommitEachRecord<>(
            consumer,
            topic,
            deadLetters,
            RetryPolicy.forever(Duration.ofSeconds(1), Duration.ofSeconds(30)),
            sleeper,
            this::handle);
  }

  public void subscribe() {
    loop.subscribe();
  }

  public void run(Duration pollTimeout) throws InterruptedException {
    LOG.info("sending {} alerts and above from {} as SETs", minimum, topic);
    loop.run(pollTimeout);
  }

  public void stop() {
    loop.stop();
  }

  /** One poll and everything it returned; the number of records handled. */
  public int pollOnce(Duration timeout) throws InterruptedException {
    return loop.pollOnce(timeout);
  }

  private void handle(ConsumerRecord<String, Alert> record) throws InterruptedException {
    Alert alert = record.value();
    if (alert != null && !alert.getRetrospective() && alert.getSeverity().compareTo(minimum) >= 0) {
      send(alert, record);
    }
  }

  private void send(Alert alert, ConsumerRecord<String, Alert> record) throws InterruptedException {
    SecurityEvents.Payload payload = events.forAlert(alert);
    for (SsfReceiver receiver : receivers) {
      if (store.contains(payload.jti(), receiver.sinkName())) {
        continue;
      }
      SinkResult result = null;
      int attempt = 1;
      for (; ; attempt++) {
        result = push.push(receiver, signer.sign(issuer, receiver.audience(), payload));
        if (result.status() != SinkResult.Status.RETRYABLE
            || attempt >= retryPolicy.maxAttempts()) {
          break;
        }
        sleeper.sleep(retryPolicy.backoffAfter(attempt));
      }
      if (result.status() == SinkResult.Status.DELIVERED) {
        store.record(payload.jti(), receiver.sinkName(), AppliedCommandStore.Outcome.DELIVERED);
        LOG.info("{} took SET {} for alert {}", receiver.name(), payload.jti(), alert.getAlertId());
      } else {
        deadLetter(alert, receiver, result.detail(), attempt, record);
        store.record(payload.jti(), receiver.sinkName(), AppliedCommandStore.Outcome.DEAD_LETTERED);
        LOG.error(
            "{} did not take SET {} for alert {}: {}",
            receiver.name(),
            payload.jti(),
            alert.getAlertId(),
            result.detail());
      }
    }
  }

  private void deadLetter(
      Alert alert,
      SsfReceiver receiver,
      String reason,
      int attempts,
      ConsumerRecord<String, Alert> source) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterPublisher.SOURCE_TOPIC, bytes(source.topic()));
    headers.add(DeadLetterPublisher.SOURCE_PARTITION, bytes(Integer.toString(source.partition())));
    headers.add(DeadLetterPublisher.SOURCE_OFFSET, bytes(Long.toString(source.offset())));
    headers.add(DeadLetterPublisher.REASON, bytes(reason));
    headers.add(DeadLetterPublisher.SINK, bytes(receiver.sinkName()));
    headers.add(DeadLetterPublisher.ATTEMPTS, bytes(Integer.toString(attempts)));
    try {
      deadLetterProducer
          .send(
              new ProducerRecord<>(
                  deadLetters.topic(),
                  null,
                  bytes(alert.getIdentityId()),
                  bytes(EventJson.write(alert)),
                  headers))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering " + alert.getAlertId(), e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot dead-letter alert " + alert.getAlertId() + " to " + deadLetters.topic(), e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
