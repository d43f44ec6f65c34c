package dev.vigil.runtime.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.topology.DeadLetterHeaders;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterProductionHandlerTest {

  private static final byte[] SOURCE_KEY = "agent:support-bot".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SOURCE_VALUE = {0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x04};

  private final List<String> counted = new ArrayList<>();
  private final MockProducer<byte[], byte[]> deadLetterProducer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final RefusedWrites refusedWrites = new RefusedWrites(deadLetterProducer);
  private final DeadLetterProductionHandler handler = configured();
  private final FakeErrorContext context =
      new FakeErrorContext(
          "identity.token-events", 1, 88L, new RecordHeaders(), SOURCE_KEY, SOURCE_VALUE);
  private final ProducerRecord<String, String> alert =
      new ProducerRecord<>(
          "identity.alerts", "agent:support-bot", "an alert the serializer refuses");

  @Test
  void anUnserializableOutputDeadLettersItsSourceRecordAndTheStreamGoesOn() {
    Response response = alertUnserializableIn(context);

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .singleElement()
        .satisfies(
            dead -> {
              assertThat(dead.topic()).isEqualTo("identity.dlq");
              assertThat(dead.key()).isEqualTo(SOURCE_KEY);
              assertThat(dead.value()).isEqualTo(SOURCE_VALUE);
              assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.OFFSET))
                  .isEqualTo("88");
              assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.REASON))
                  .isEqualTo(
                      SerializationException.class.getName() + ": field 'summary' is required");
            });
    assertThat(counted).containsExactly("identity.token-events");
  }

  @Test
  void aRegistryOutageWhileSerializingFailsSoTheRecordIsProcessedAgain() {
    Response response =
        handler.handleSerializationError(
            context,
            alert,
            new SerializationException(
                "cannot register schema", new HttpConnectTimeoutException("timed out")),
            SerializationExceptionOrigin.VALUE);

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(counted).isEmpty();
  }

  @Test
  void retriableSendErrorsAreRetried() {
    ProducerRecord<byte[], byte[]> bytes =
        new ProducerRecord<>("identity.alerts", SOURCE_KEY, SOURCE_VALUE);

    assertThat(
            handler.handleError(context, bytes, new NotLeaderOrFollowerException("moved")).result())
        .isEqualTo(Result.RETRY);
    assertThat(counted).isEmpty();
  }

  /**
   * The broker refused a changelog write for its timestamp. The refusal arrives in a producer
   * callback, whose context has no record (timestamp -1): Kafka's default handler built its dead
   * letter with that timestamp and threw {@code Invalid timestamp: -1}, which killed the thread.
   */
  @Test
  void aWriteTheBrokerRefusesIsADeadLetterAndTheStreamGoesOn() {
    ProducerRecord<byte[], byte[]> refused =
        new ProducerRecord<>(
            "vigil-detector-vigil-detector-state-changelog",
            2,
            1_900_000_000_000L,
            SOURCE_KEY,
            SOURCE_VALUE,
            new RecordHeaders().add("traceparent", "t-9".getBytes(StandardCharsets.UTF_8)));
    InvalidTimestampException exception =
        new InvalidTimestampException(
            "One or more records have been rejected due to invalid timestamp");

    Response response = handler.handleError(CALLBACK, refused, exception);
    // The same refusal again, as when an exactly-once task retries its transaction.
    handler.handleError(CALLBACK, refused, exception);
    refusedWrites.flush();

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .as("not sent from the producer's network thread")
        .isEmpty();
    assertThat(deadLetterProducer.history())
        .as("written once")
        .singleElement()
        .satisfies(
            dead -> {
              assertThat(dead.topic()).isEqualTo("identity.dlq");
              assertThat(dead.timestamp()).as("stamped when sent, not refused again").isNull();
              assertThat(dead.key()).isEqualTo(SOURCE_KEY);
              assertThat(dead.value()).isEqualTo(SOURCE_VALUE);
              assertThat(DeadLetterHeaders.text(dead.headers(), "traceparent")).isEqualTo("t-9");
              assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.TOPIC))
                  .isEqualTo("vigil-detector-vigil-detector-state-changelog");
              assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.PARTITION))
                  .isEqualTo("2");
              assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.MESSAGE))
                  .startsWith(
                      "the broker refused the write to"
                          + " vigil-detector-vigil-detector-state-changelog-2: ");
              assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.REASON))
                  .isEqualTo(
                      InvalidTimestampException.class.getName()
                          + ": One or more records have been rejected due to invalid timestamp");
            });
    assertThat(counted).containsExactly("vigil-detector-vigil-detector-state-changelog");
  }

  @Test
  void aRecordTooLargeForTheBrokerIsADeadLetterToo() {
    Response response = refusedAsTooLarge("identity.alerts");

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(deadLetterProducer.history()).hasSize(1);
    assertThat(counted).containsExactly("identity.alerts");
  }

  @Test
  void aRefusedDeadLetterIsDroppedNotDeadLetteredAgain() {
    Response response = refusedAsTooLarge("identity.dlq");

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(deadLetterProducer.history()).isEmpty();
  }

  @Test
  void anUnserializableOutputIsDeadLetteredEvenWhenItsContextHasNoTimestamp() {
    Response response = alertUnserializableIn(CALLBACK);

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .singleElement()
        .satisfies(dead -> assertThat(dead.timestamp()).isNull());
  }

  /** The serializer refuses {@link #alert} (a required field is missing), in {@code context}. */
  private Response alertUnserializableIn(ErrorHandlerContext context) {
    return handler.handleSerializationError(
        context,
        alert,
        new SerializationException("field 'summary' is required"),
        SerializationExceptionOrigin.VALUE);
  }

  /** The broker refuses the source record's write to {@code topic} as too large. */
  private Response refusedAsTooLarge(String topic) {
    Response response =
        handler.handleError(
            CALLBACK,
            new ProducerRecord<>(topic, SOURCE_KEY, SOURCE_VALUE),
            new RecordTooLargeException("too large"));
    refusedWrites.flush();
    return response;
  }

  /** What Kafka Streams hands the handler from a producer callback: no record, no timestamp. */
  private static final ErrorHandlerContext CALLBACK =
      new ErrorHandlerContext() {
        @Override
        public String topic() {
          return null;
        }

        @Override
        public int partition() {
          return -1;
        }

        @Override
        public long offset() {
          return -1;
        }

        @Override
        public Headers headers() {
          return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
          return "revocations-sink";
        }

        @Override
        public TaskId taskId() {
          return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
          return -1;
        }

        @Override
        public byte[] sourceRawKey() {
          return null;
        }

        @Override
        public byte[] sourceRawValue() {
          return null;
        }
      };

  private DeadLetterProductionHandler configured() {
    DeadLetterProductionHandler configured = new DeadLetterProductionHandler(refusedWrites);
    Map<String, Object> config = new HashMap<>();
    config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "identity.dlq");
    config.put(DeadLetterHandler.METRICS_CONFIG, (DeadLetterMetrics) counted::add);
    configured.configure(config);
    return configured;
  }
}
