package dev.vigil.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.metrics.MicrometerDetectionMetrics;
import dev.vigil.runtime.metrics.StreamsHealth;
import dev.vigil.runtime.metrics.VigilRegistry;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime pieces together on a real broker: exactly-once Streams started by {@link
 * StreamsRunner} with Vigil's configuration, dead letters for bad bytes and a failing processor,
 * and a Schema Registry outage that is retried instead of skipped.
 */
class StreamsRunnerIT {

  private static final String IN = "it.in";
  private static final String OUT = "it.out";
  private static final String DLQ = "it.dlq";

  @TempDir Path stateDir;

  /** Attempts to read the record that arrives during the simulated registry outage. */
  private final AtomicInteger outageReads = new AtomicInteger();

  @Test
  void deadLettersBadRecordsRetriesARegistryOutageAndLosesNothing() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        VigilRegistry metricsRegistry = new VigilRegistry()) {
      VigilConfig config =
          VigilConfig.builder()
              .commandLine(
                  Map.of(
                      "bootstrap.servers",
                      kafka.bootstrapServers(),
                      "application.id",
                      "vigil-runner-it",
                      "state.dir",
                      stateDir.toString(),
                      // The broker's minimum: each replaced thread waits out its predecessor's
                      // session.
                      "session.timeout.ms",
                      "6000",
                      "vigil.topic.dlq",
                      DLQ))
              .build();
      try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
        admin.ensure(
            List.of(
                new TopicSpec(IN, 1, (short) 1, Map.of()),
                new TopicSpec(OUT, 1, (short) 1, Map.of()),
                new TopicSpec(DLQ, 1, (short) 1, Map.of())),
            true);
      }
      produce(kafka, List.of("outage:1", "a", "bad:1", "boom", "b"));

      var registry = metricsRegistry.registry();
      StreamsHealth health = new StreamsHealth(registry);
      MicrometerDetectionMetrics metrics = new MicrometerDetectionMetrics(registry);
      AtomicInteger replacedThreads = new AtomicInteger();
      ReplaceThreadPolicy fastRetry =
          new ReplaceThreadPolicy(
              Duration.ofMillis(100),
              Duration.ofSeconds(1),
              Duration.ofMinutes(5),
              Clock.systemUTC(),
              d -> Thread.sleep(d.toMillis()));
      StreamsRunner runner =
          StreamsRunner.builder(topology(), config.streamsProperties())
              .registry(registry)
              .health(health)
              .deadLetters(metrics)
              .closeTimeout(Duration.ofSeconds(20))
              .threadPolicy(
                  e -> {
                    replacedThreads.incrementAndGet();
                    return fastRetry.handle(e);
                  })
              .start();
      try {
        assertThat(runner.awaitRunning(Duration.ofSeconds(60))).isTrue();

        List<ConsumerRecord<byte[], byte[]>> out = readCommitted(kafka, OUT, 3);
        assertThat(out).extracting(r -> text(r.value())).containsExactly("OUTAGE:1", "A", "B");

        List<ConsumerRecord<byte[], byte[]>> dead = readCommitted(kafka, DLQ, 2);
        assertThat(dead).extracting(r -> text(r.value())).containsExactly("bad:1", "boom");
        ConsumerRecord<byte[], byte[]> badBytes = dead.get(0);
        assertThat(text(badBytes.key())).isEqualTo("key-bad:1");
        assertThat(DeadLetterHeaders.text(badBytes.headers(), DeadLetterHeaders.TOPIC))
            .isEqualTo(IN);
        assertThat(DeadLetterHeaders.text(badBytes.headers(), DeadLetterHeaders.PARTITION))
            .isEqualTo("0");
        assertThat(DeadLetterHeaders.text(badBytes.headers(), DeadLetterHeaders.OFFSET))
            .isEqualTo("2");
        assertThat(DeadLetterHeaders.text(badBytes.headers(), DeadLetterHeaders.EXCEPTION))
            .isEqualTo(SerializationException.class.getName());
        assertThat(DeadLetterHeaders.text(badBytes.headers(), DeadLetterHeaders.REASON))
            .isEqualTo("java.lang.IllegalArgumentException: not a record: bad:1");
        assertThat(DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.REASON))
            .contains("IllegalStateException: processor failed on boom");

        // The outage failed the thread twice; each time it was replaced and the record re-read.
        assertThat(outageReads.get()).isEqualTo(3);
        assertThat(replacedThreads.get()).isEqualTo(2);

        assertThat(health.isRunning()).isTrue();
        String scrape = registry.scrape();
        assertThat(scrape)
            .contains("vigil_dlq_records_total{topic=\"" + IN + "\"} 2.0")
            .contains("vigil_streams_state 1.0")
            .containsPattern("(?m)^kafka_stream_\\w+");
      } finally {
        runner.close();
      }
      assertThat(runner.streams().state()).isEqualTo(State.NOT_RUNNING);
      assertThat(health.isRunning()).isFalse();
    }
  }

  /** Upper-cases each value; "boom" makes the processor throw. */
  private Topology topology() {
    Serde<String> values = Serdes.serdeFrom(new StringSerializer(), new FlakyDeserializer());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(IN, Consumed.with(Serdes.String(), values).withName("it-source"))
        .mapValues(
            value -> {
              if (value.equals("boom")) {
                throw new IllegalStateException("processor failed on boom");
              }
              return value.toUpperCase(Locale.ROOT);
            },
            Named.as("it-upper"))
        .to(OUT, Produced.with(Serdes.String(), Serdes.String()).withName("it-sink"));
    return builder.build();
  }

  /**
   * Stands in for the Schema Registry serde: "bad:*" are undecodable bytes, and "outage:*" fails
   * the first two times as if the registry were unreachable.
   */
  private final class FlakyDeserializer implements Deserializer<String> {
    @Override
    public String deserialize(String topic, byte[] data) {
      String value = text(data);
      if (value.startsWith("bad:")) {
        throw new SerializationException(
            topic + ": cannot decode value",
            new IllegalArgumentException("not a record: " + value));
      }
      if (value.startsWith("outage:") && outageReads.incrementAndGet() <= 2) {
        throw new SerializationException(
            topic + ": cannot fetch schema", new ConnectException("Connection refused"));
      }
      return value;
    }
  }

  private static void produce(EmbeddedKafka kafka, List<String> values) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(IN, "key-" + value, value)).get();
      }
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readCommitted(
      EmbeddedKafka kafka, String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(250)).forEach(records::add);
      }
      // One more poll: anything beyond the expected records would be a duplicate.
      consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
    }
    return records;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
