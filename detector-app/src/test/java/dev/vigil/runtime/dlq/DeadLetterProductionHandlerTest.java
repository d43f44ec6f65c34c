package dev.vigil.runtime.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.topology.DeadLetterHeaders;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.junit.jupiter.api.Test;

class DeadLetterProductionHandlerTest {

  private static final byte[] SOURCE_KEY = "agent:support-bot".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SOURCE_VALUE = {0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x04};

  private final List<String> counted = new ArrayList<>();
  private final DeadLetterProductionHandler handler = configured();
  private final FakeErrorContext context =
      new FakeErrorContext(
          "identity.token-events", 1, 88L, new RecordHeaders(), SOURCE_KEY, SOURCE_VALUE);
  private final ProducerRecord<String, String> alert =
      new ProducerRecord<>(
          "identity.alerts", "agent:support-bot", "an alert the serializer refuses");

  @Test
  void anUnserializableOutputDeadLettersItsSourceRecordAndTheStreamGoesOn() {
    Response response =
        handler.handleSerializationError(
            context,
            alert,
            new SerializationException("field 'summary' is required"),
            SerializationExceptionOrigin.VALUE);

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
  void sendErrorsKeepKafkasDefaultRetryOrFail() {
    ProducerRecord<byte[], byte[]> bytes =
        new ProducerRecord<>("identity.alerts", SOURCE_KEY, SOURCE_VALUE);

    assertThat(
            handler.handleError(context, bytes, new NotLeaderOrFollowerException("moved")).result())
        .isEqualTo(Result.RETRY);
    assertThat(
            handler.handleError(context, bytes, new TopicAuthorizationException("denied")).result())
        .isEqualTo(Result.FAIL);
  }

  private DeadLetterProductionHandler configured() {
    DeadLetterProductionHandler configured = new DeadLetterProductionHandler();
    Map<String, Object> config = new HashMap<>();
    config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "identity.dlq");
    config.put(DeadLetterHandler.METRICS_CONFIG, (DeadLetterMetrics) counted::add);
    configured.configure(config);
    return configured;
  }
}
