package dev.vigil.runtime.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.topology.DeadLetterHeaders;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  private static final byte[] KEY = "svc-billing@corp".getBytes(StandardCharsets.UTF_8);
  private static final byte[] GARBAGE = {0x07, 0x00, 0x00, 0x00, 0x2a, (byte) 0xff};

  private final List<String> counted = new ArrayList<>();

  @Test
  void badBytesGoToTheDeadLetterTopicWithOriginalBytesHeadersAndReason() {
    DeadLetterHandler handler = configured();
    Headers original = new RecordHeaders().add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
    FakeErrorContext context =
        new FakeErrorContext("identity.auth-events", 2, 417L, original, KEY, GARBAGE);
    Exception error =
        new SerializationException(
            "identity.auth-events: cannot read value",
            new IllegalArgumentException("unknown magic byte 0x07"));

    Response response = handler.handleError(context, record(context), error);

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
    assertThat(dead.topic()).isEqualTo("identity.dlq");
    assertThat(dead.key()).isEqualTo(KEY);
    assertThat(dead.value()).isEqualTo(GARBAGE);
    Headers headers = dead.headers();
    assertThat(DeadLetterHeaders.text(headers, "trace-id")).isEqualTo("t-1");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION))
        .isEqualTo(SerializationException.class.getName());
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.MESSAGE))
        .isEqualTo("identity.auth-events: cannot read value");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.TOPIC))
        .isEqualTo("identity.auth-events");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.PARTITION)).isEqualTo("2");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.OFFSET)).isEqualTo("417");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON))
        .isEqualTo("java.lang.IllegalArgumentException: unknown magic byte 0x07");
    assertThat(counted).containsExactly("identity.auth-events");
  }

  @Test
  void registryOutageFailsInsteadOfDeadLetteringSoTheRecordIsReadAgain() {
    DeadLetterHandler handler = configured();
    FakeErrorContext context =
        new FakeErrorContext(
            "identity.token-events", 0, 9L, new RecordHeaders(), KEY, validLooking());
    Exception outage =
        new SerializationException(
            "identity.token-events: schema id 42 could not be fetched",
            new ConnectException("Connection refused"));

    Response response = handler.handleError(context, record(context), outage);

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(counted).isEmpty();
  }

  @Test
  void aRetriableKafkaExceptionInTheCauseChainIsAnOutage() {
    DeadLetterHandler handler = configured();
    FakeErrorContext context =
        new FakeErrorContext(
            "identity.token-events", 0, 9L, new RecordHeaders(), KEY, validLooking());
    Exception outage =
        new SerializationException("registry answered 503", new TimeoutException("gave up"));

    assertThat(handler.handleError(context, record(context), outage).result())
        .isEqualTo(Result.FAIL);
  }

  @Test
  void truncatedAvroIsBadInputEvenThoughEofIsAnIoException() {
    DeadLetterHandler handler = configured();
    FakeErrorContext context =
        new FakeErrorContext("identity.auth-events", 1, 3L, new RecordHeaders(), KEY, GARBAGE);
    Exception truncated =
        new SerializationException("truncated payload", new java.io.EOFException());

    Response response = handler.handleError(context, record(context), truncated);

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    assertThat(counted).containsExactly("identity.auth-events");
  }

  @Test
  void refusesToRunWithoutADeadLetterTopic() {
    DeadLetterHandler handler = new DeadLetterHandler();
    Map<String, Object> config =
        Map.of(DeadLetterHandler.METRICS_CONFIG, (DeadLetterMetrics) counted::add);
    assertThatThrownBy(() -> handler.configure(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
  }

  @Test
  void refusesAMetricsObjectOfTheWrongType() {
    DeadLetterHandler handler = new DeadLetterHandler();
    Map<String, Object> config = new HashMap<>();
    config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "identity.dlq");
    config.put(DeadLetterHandler.METRICS_CONFIG, "not a counter");
    assertThatThrownBy(() -> handler.configure(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(DeadLetterHandler.METRICS_CONFIG);
  }

  private DeadLetterHandler configured() {
    DeadLetterHandler handler = new DeadLetterHandler();
    Map<String, Object> config = new HashMap<>();
    config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "identity.dlq");
    config.put(DeadLetterHandler.METRICS_CONFIG, (DeadLetterMetrics) counted::add);
    handler.configure(config);
    return handler;
  }

  private static byte[] validLooking() {
    return new byte[] {0x00, 0x00, 0x00, 0x00, 0x2a, 0x02};
  }

  private static ConsumerRecord<byte[], byte[]> record(FakeErrorContext c) {
    return new ConsumerRecord<>(
        c.topic(),
        c.partition(),
        c.offset(),
        c.timestamp(),
        TimestampType.CREATE_TIME,
        c.sourceRawKey().length,
        c.sourceRawValue().length,
        c.sourceRawKey(),
        c.sourceRawValue(),
        c.headers(),
        Optional.empty());
  }
}
