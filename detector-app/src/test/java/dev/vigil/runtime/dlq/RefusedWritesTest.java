package dev.vigil.runtime.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class RefusedWritesTest {

  @Test
  void theDeadLetterProducerConnectsLikeStreamsButIsNotTransactional() {
    Map<String, Object> streams = new HashMap<>();
    streams.put("bootstrap.servers", "kafka-1:9093");
    streams.put("security.protocol", "SASL_SSL");
    streams.put("sasl.jaas.config", "secret");
    streams.put("application.id", "vigil-detector");
    streams.put("processing.guarantee", "exactly_once_v2");
    streams.put("transactional.id", "should-not-leak");
    streams.put("producer.compression.type", "zstd");
    streams.put(DeadLetterHandler.METRICS_CONFIG, new Object());

    Map<String, Object> producer = RefusedWrites.producerConfig(streams);

    assertThat(producer)
        .containsEntry("bootstrap.servers", "kafka-1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", "secret")
        .containsEntry("compression.type", "zstd")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .doesNotContainKeys(
            "transactional.id",
            "application.id",
            "processing.guarantee",
            DeadLetterHandler.METRICS_CONFIG);
  }
}
