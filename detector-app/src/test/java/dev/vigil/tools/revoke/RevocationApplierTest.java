package dev.vigil.tools.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.fixtures.ManualClock;
import dev.vigil.runtime.lifecycle.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RevocationApplierTest {

  private static final byte[] SECRET = "applier-test-secret".getBytes(StandardCharsets.UTF_8);
  private static final RecordSource SOURCE = new RecordSource("identity.revocations", 2, 41);
  private static final RetryPolicy THREE_ATTEMPTS =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));

  @TempDir Path stateDir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));
  private final List<Duration> sleeps = new ArrayList<>();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  @RegisterExtension final WebhookServer server = new WebhookServer();
  private AppliedCommandStore store;

  @BeforeEach
  void openStore() {
    store = AppliedCommandStore.open(stateDir, Duration.ofDays(7), clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private RevocationApplier applier(RetryPolicy policy, RevocationSink... sinks) {
    return new RevocationApplier(
        List.of(sinks),
        store,
        new DeadLetterPublisher(producer, "identity.revocations.dlq", Duration.ofSeconds(5)),
        policy,
        sleeps::add);
  }

  private WebhookSink webhook() {
    return WebhookSink.create(server.uri(), SECRET, Duration.ofSeconds(5), false);
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  @Test
  void retriesServerErrorsWithDoublingBackoffUntilDelivered() throws Exception {
    server.respondWith(503, 502, 200);

    RevocationApplier.Outcome outcome =
        applier(THREE_ATTEMPTS, webhook()).apply(Commands.revokeToken("c-1"), SOURCE);

    assertThat(outcome).isEqualTo(RevocationApplier.Outcome.APPLIED);
    assertThat(server.received()).hasSize(3);
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(producer.history()).isEmpty();
    assertThat(store.contains("c-1", "webhook")).isTrue();
  }

  @Test
  void aClientErrorIsNotRetriedAndGoesToTheDeadLetterTopicWithItsReason() throws Exception {
    server.respondWith(403);

    RevocationApplier.Outcome outcome =
        applier(THREE_ATTEMPTS, webhook()).apply(Commands.revokeToken("c-2"), SOURCE);

    assertThat(outcome).isEqualTo(RevocationApplier.Outcome.DEAD_LETTERED);
    assertThat(server.received()).hasSize(1);
    assertThat(sleeps).isEmpty();
    assertThat(producer.history()).hasSize(1);
    ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
    assertThat(dead.topic()).isEqualTo("identity.revocations.dlq");
    assertThat(new String(dead.key(), StandardCharsets.UTF_8))
        .isEqualTo("spiffe://prod/ns/ci/sa/deployer");
    assertThat(new ObjectMapper().readTree(dead.value()).get("command_id").asText())
        .isEqualTo("c-2");
    assertThat(header(dead, DeadLetterPublisher.REASON))
        .isEqualTo("rejected: HTTP 403: status 403");
    assertThat(header(dead, DeadLetterPublisher.SINK)).isEqualTo("webhook");
    assertThat(header(dead, DeadLetterPublisher.ATTEMPTS)).isEqualTo("1");
    assertThat(header(dead, DeadLetterPublisher.SOURCE_TOPIC)).isEqualTo("identity.revocations");
    assertThat(header(dead, DeadLetterPublisher.SOURCE_PARTITION)).isEqualTo("2");
    assertThat(header(dead, DeadLetterPublisher.SOURCE_OFFSET)).isEqualTo("41");
  }

  @Test
  void deadLettersOnceTheRetryBudgetIsSpent() throws Exception {
    server.respondWith(500);

    RevocationApplier.Outcome outcome =
        applier(THREE_ATTEMPTS, webhook()).apply(Commands.revokeToken("c-3"), SOURCE);

    assertThat(outcome).isEqualTo(RevocationApplier.Outcome.DEAD_LETTERED);
    assertThat(server.received()).hasSize(3);
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
    assertThat(header(dead, DeadLetterPublisher.REASON))
        .isEqualTo("retry budget of 3 attempts spent, last: HTTP 500: status 500");
    assertThat(header(dead, DeadLetterPublisher.ATTEMPTS)).isEqualTo("3");
  }

  @Test
  void aDeadLetteredCommandIsNotRetriedWhenReadAgain() throws Exception {
    server.respondWith(400);
    RevocationApplier applier = applier(THREE_ATTEMPTS, webhook());
    applier.apply(Commands.revokeToken("c-4"), SOURCE);

    RevocationApplier.Outcome again = applier.apply(Commands.revokeToken("c-4"), SOURCE);

    assertThat(again).isEqualTo(RevocationApplier.Outcome.DUPLICATE);
    assertThat(server.received()).hasSize(1);
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void dryRunCommandsReachNoSinkAndAreNotRemembered() throws Exception {
    RevocationApplier.Outcome outcome =
        applier(THREE_ATTEMPTS, webhook()).apply(Commands.dryRun("c-5"), SOURCE);

    assertThat(outcome).isEqualTo(RevocationApplier.Outcome.DRY_RUN);
    assertThat(server.received()).isEmpty();
    assertThat(store.contains("c-5", "webhook")).isFalse();
  }

  @Test
  void eachSinkSucceedsOrFailsOnItsOwn() throws Exception {
    server.respondWith(404);

    RevocationApplier.Outcome outcome =
        applier(THREE_ATTEMPTS, new LogSink(), webhook())
            .apply(Commands.revokeToken("c-6"), SOURCE);

    assertThat(outcome).isEqualTo(RevocationApplier.Outcome.DEAD_LETTERED);
    assertThat(store.contains("c-6", "log")).isTrue();
    assertThat(store.contains("c-6", "webhook")).isTrue();
    assertThat(header(producer.history().get(0), DeadLetterPublisher.SINK)).isEqualTo("webhook");
  }

  @Test
  void aSinkThatThrowsIsRetriedLikeATransientFailure() throws Exception {
    List<String> calls = new ArrayList<>();
    RevocationSink flaky =
        new RevocationSink() {
          @Override
          public String name() {
            return "vault";
          }

          @Override
          public SinkResult deliver(dev.vigil.events.RevocationCommand command) {
            calls.add(command.getCommandId());
            if (calls.size() == 1) {
              throw new IllegalStateException("vault sealed");
            }
            return SinkResult.delivered("accessor revoked");
          }
        };

    assertThat(applier(THREE_ATTEMPTS, flaky).apply(Commands.revokeToken("c-7"), SOURCE))
        .isEqualTo(RevocationApplier.Outcome.APPLIED);
    assertThat(calls).containsExactly("c-7", "c-7");
  }

  @Test
  void whenTheDeadLetterTopicCannotBeWrittenTheOutcomeIsNotRecorded() {
    server.respondWith(400);
    MockProducer<byte[], byte[]> stuck =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    RevocationApplier applier =
        new RevocationApplier(
            List.of(webhook()),
            store,
            new DeadLetterPublisher(stuck, "identity.revocations.dlq", Duration.ofMillis(100)),
            THREE_ATTEMPTS,
            sleeps::add);

    assertThatThrownBy(() -> applier.apply(Commands.revokeToken("c-8"), SOURCE))
        .isInstanceOf(DeadLetterPublisher.DeadLetterException.class)
        .hasMessageContaining("identity.revocations.dlq");
    assertThat(store.contains("c-8", "webhook")).isFalse();
  }

  @Test
  void refusesAnEmptyOrAmbiguousSinkList() {
    assertThatThrownBy(() -> applier(THREE_ATTEMPTS)).hasMessageContaining("at least one sink");
    assertThatThrownBy(() -> applier(THREE_ATTEMPTS, new LogSink(), new LogSink()))
        .hasMessageContaining("unique");
  }
}
