package dev.vigil.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.rules.pack.DurationText;
import dev.vigil.runtime.dlq.DeadLetterHandler;
import dev.vigil.runtime.dlq.DeadLetterProcessingHandler;
import dev.vigil.runtime.dlq.DeadLetterProductionHandler;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsGiveAnExactlyOnceDetectorOnTheContractTopics() {
    VigilConfig config = VigilConfig.defaults();

    assertThat(config.topics()).isEqualTo(VigilTopics.DEFAULTS);
    assertThat(config.httpPort()).isEqualTo(9400);
    assertThat(config.httpAddress()).isEqualTo(new InetSocketAddress("0.0.0.0", 9400));
    assertThat(config.observeOnly()).isFalse();
    assertThat(config.grace()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.rulesFile()).isEmpty();
    assertThat(config.createTopics()).isTrue();
    assertThat(config.topicReplicationFactor()).isEqualTo((short) -1);

    Properties streams = config.streamsProperties();
    assertThat(streams)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-detector")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100")
        .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0")
        .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1")
        .containsEntry("session.timeout.ms", "10000")
        .containsEntry("processing.exception.handler.global.enabled", "true")
        .containsEntry(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterHandler.class.getName())
        .containsEntry(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterProcessingHandler.class.getName())
        .containsEntry(
            StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterProductionHandler.class.getName())
        .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "identity.dlq");
    // Kafka Streams itself accepts the result.
    assertThat(new StreamsConfig(streams).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo("exactly_once_v2");
    assertThat(config.origin("vigil.http.port")).contains(Origin.DEFAULT);
  }

  @Test
  void aPropertiesFileOverridesDefaults() throws Exception {
    Path file =
        write(
            "vigil.properties",
            """
        bootstrap.servers=kafka-1:9093,kafka-2:9093
        security.protocol=SASL_SSL
        vigil.topic.alerts=soc.alerts
        vigil.observe.only=true
        """);

    VigilConfig config = VigilConfig.builder().file(file).build();

    assertThat(config.bootstrapServers()).isEqualTo("kafka-1:9093,kafka-2:9093");
    assertThat(config.kafkaSettings()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(config.topics().alerts()).isEqualTo("soc.alerts");
    assertThat(config.topics().authEvents()).isEqualTo("identity.auth-events");
    assertThat(config.observeOnly()).isTrue();
    assertThat(config.origin("bootstrap.servers")).contains(Origin.file(file.toString()));
  }

  @Test
  void aYamlFileNestsKafkaAndVigilSections() throws Exception {
    Path file =
        write(
            "vigil.yaml",
            """
        kafka:
          bootstrap.servers: broker:9092
          ssl:
            truststore.location: /etc/vigil/truststore.jks
        vigil:
          schema.registry.url: https://registry:8081
          topic:
            dlq: soc.dead-letters
          grace: 2m
          http.port: 9500
        """);

    VigilConfig config = VigilConfig.builder().file(file).build();

    assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
    assertThat(config.kafkaSettings())
        .containsEntry("ssl.truststore.location", "/etc/vigil/truststore.jks");
    assertThat(config.schemaRegistryUrl()).isEqualTo("https://registry:8081");
    assertThat(config.topics().deadLetters()).isEqualTo("soc.dead-letters");
    assertThat(config.streamsProperties())
        .containsEntry(
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "soc.dead-letters");
    assertThat(config.grace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.httpPort()).isEqualTo(9500);
  }

  @Test
  void environmentOverridesTheFileAndMapsKafkaAndVigilVariables() throws Exception {
    Path file =
        write(
            "vigil.properties",
            """
        bootstrap.servers=from-file:9092
        vigil.http.port=9500
        """);
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "from-env:9092",
            "KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "/certs/truststore.p12",
            "VIGIL_SCHEMA_REGISTRY_URL", "http://registry:8081",
            "VIGIL_TOPIC_ALERTS", "env.alerts",
            "VIGIL_OBSERVE_ONLY", "true",
            "VIGIL_RULES", "/rules/pack.yaml",
            "VIGIL_HTTP_PORT", "9600",
            "PATH", "/usr/bin");

    VigilConfig config = VigilConfig.builder().file(file).environment(env).build();

    assertThat(config.bootstrapServers()).isEqualTo("from-env:9092");
    assertThat(config.kafkaSettings())
        .containsEntry("sasl.jaas.config", env.get("KAFKA_SASL_JAAS_CONFIG"))
        .containsEntry("ssl.truststore.location", "/certs/truststore.p12");
    assertThat(config.clientConfig())
        .containsEntry("sasl.jaas.config", env.get("KAFKA_SASL_JAAS_CONFIG"))
        .doesNotContainKey(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    assertThat(config.schemaRegistryUrl()).isEqualTo("http://registry:8081");
    assertThat(config.serdeConfig()).containsEntry("schema.registry.url", "http://registry:8081");
    assertThat(config.topics().alerts()).isEqualTo("env.alerts");
    assertThat(config.observeOnly()).isTrue();
    assertThat(config.rulesFile()).contains(Path.of("/rules/pack.yaml"));
    assertThat(config.httpPort()).isEqualTo(9600);
    assertThat(config.origin("vigil.http.port")).contains(Origin.environment("VIGIL_HTTP_PORT"));
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void commandLineOverridesEverything() throws Exception {
    Path file = write("vigil.properties", "vigil.http.port=9500\n");

    VigilConfig config =
        VigilConfig.builder()
            .commandLine("vigil.http.port", "9700")
            .environment(Map.of("VIGIL_HTTP_PORT", "9600", "KAFKA_BOOTSTRAP_SERVERS", "env:9092"))
            .file(file)
            .commandLine(Map.of("bootstrap.servers", "cli:9092"))
            .build();

    assertThat(config.httpPort()).isEqualTo(9700);
    assertThat(config.bootstrapServers()).isEqualTo("cli:9092");
    assertThat(config.origin("vigil.http.port")).contains(Origin.COMMAND_LINE);
  }

  @Test
  void anUnknownVigilVariableIsAnErrorWithADidYouMean() {
    assertThatThrownBy(
            () ->
                VigilConfig.builder()
                    .environment(Map.of("VIGIL_OBSERV_ONLY", "true", "VIGIL_HTTP_PORT", "9401"))
                    .build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessage(
            "unknown environment variable VIGIL_OBSERV_ONLY: not a Vigil setting"
                + " (did you mean VIGIL_OBSERVE_ONLY?)");
  }

  @Test
  void anUnrelatedVigilVariableListsTheKnownOnes() {
    assertThatThrownBy(
            () -> VigilConfig.builder().environment(Map.of("VIGIL_VERSION", "1.2")).build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageStartingWith(
            "unknown environment variable VIGIL_VERSION: not a Vigil setting (known: ")
        .hasMessageContaining("VIGIL_HTTP_PORT");
  }

  @Test
  void theFingerprintKeyVariableOfAdaptIsKnown() {
    assertThat(
            VigilConfig.builder()
                .environment(Map.of("VIGIL_FINGERPRINT_KEY", "k"))
                .build()
                .describe())
        .noneMatch(line -> line.contains("fingerprint"));
  }

  @Test
  void unknownKafkaVariableIsPassedThroughWithAWarningAndStartScriptVariablesAreSkipped() {
    VigilConfig config =
        VigilConfig.builder()
            .environment(
                Map.of(
                    "KAFKA_HEAP_OPTS", "-Xmx1g",
                    "KAFKA_OPTS", "-Dx=y",
                    "KAFKA_PRODUCER_LINGER_MS", "20",
                    "KAFKA_MY_PLUGIN_SETTING", "x"))
            .build();

    assertThat(config.kafkaSettings())
        .containsEntry("producer.linger.ms", "20")
        .containsEntry("my.plugin.setting", "x")
        .doesNotContainKeys("heap.opts", "opts");
    assertThat(config.warnings()).singleElement().asString().contains("KAFKA_MY_PLUGIN_SETTING");
  }

  @Test
  void unknownVigilKeyInAFileIsAnError() throws Exception {
    Path file = write("vigil.yaml", "vigil:\n  htpp.port: 9500\n");

    assertThatThrownBy(() -> VigilConfig.builder().file(file).build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining("unknown Vigil setting 'vigil.htpp.port'")
        .hasMessageContaining(file.toString());
  }

  @Test
  void invalidValuesNameTheKeyTheValueAndTheLayer() {
    assertThatThrownBy(
            () ->
                VigilConfig.builder()
                    .environment(Map.of("VIGIL_HTTP_PORT", "ninety-four-hundred"))
                    .build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessage(
            "vigil.http.port = 'ninety-four-hundred' (from env VIGIL_HTTP_PORT) is not a whole number");
    assertThatThrownBy(() -> VigilConfig.builder().commandLine("vigil.grace", "soon").build())
        .hasMessageContaining("vigil.grace = 'soon' (from command line) is not a duration");
    assertThat(VigilConfig.builder().commandLine("vigil.grace", "15m").build().grace())
        .isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> VigilConfig.builder().commandLine("vigil.grace", "16m").build())
        .hasMessage(
            "vigil.grace = '16m' (from command line) must be at most 15m, how long the detectors"
                + " keep recent uses to judge late events against");
    assertThatThrownBy(
            () -> VigilConfig.builder().commandLine("vigil.observe.only", "maybe").build())
        .hasMessageContaining("is not a boolean");
    assertThatThrownBy(() -> VigilConfig.builder().commandLine("vigil.http.port", "70000").build())
        .hasMessageContaining("is not a port number");
  }

  @Test
  void aSecondNameForTheDeadLetterTopicIsRefused() {
    assertThatThrownBy(
            () ->
                VigilConfig.builder()
                    .environment(Map.of("KAFKA_ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME", "other.dlq"))
                    .build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining("set only vigil.topic.dlq");
  }

  @Test
  void badFilesSayWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> VigilConfig.builder().file(dir.resolve("missing.yaml")).build())
        .hasMessageContaining("does not exist");
    Path toml = write("vigil.toml", "a = 1\n");
    assertThatThrownBy(() -> VigilConfig.builder().file(toml).build())
        .hasMessageContaining("unknown format");
    Path broken = write("broken.yaml", "vigil:\n  http.port: [9400\n");
    assertThatThrownBy(() -> VigilConfig.builder().file(broken).build())
        .hasMessageContaining("is not valid YAML")
        .hasMessageContaining("line");
  }

  @Test
  void theHttpServerBindsToTheConfiguredAddress() {
    VigilConfig loopback =
        VigilConfig.builder()
            .environment(Map.of("VIGIL_HTTP_BIND_ADDRESS", "127.0.0.1"))
            .commandLine("vigil.http.port", "9500")
            .build();

    assertThat(loopback.httpAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 9500));
    assertThatThrownBy(
            () ->
                VigilConfig.builder()
                    .commandLine("vigil.http.bind.address", "no-such-host.invalid")
                    .build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining(
            "vigil.http.bind.address = 'no-such-host.invalid' (from command line)")
        .hasMessageContaining("not an address");
  }

  @Test
  void describeListsOriginsAndMasksSecrets() {
    VigilConfig config =
        VigilConfig.builder()
            .environment(
                Map.of(
                    "KAFKA_SASL_JAAS_CONFIG", "secret-jaas", "KAFKA_SSL_TRUSTSTORE_PASSWORD", "pw"))
            .build();

    assertThat(config.describe())
        .contains("sasl.jaas.config = **** (env KAFKA_SASL_JAAS_CONFIG)")
        .contains("ssl.truststore.password = **** (env KAFKA_SSL_TRUSTSTORE_PASSWORD)")
        .contains("vigil.http.port = 9400 (default)")
        .noneMatch(line -> line.contains("secret-jaas") || line.contains("= pw"));
  }

  @Test
  void durationsAreReadAsRulePacksWriteThem() {
    assertThat(DurationText.require("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.require("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.require("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }
}
