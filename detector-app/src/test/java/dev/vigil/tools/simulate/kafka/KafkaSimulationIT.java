package dev.vigil.tools.simulate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.serde.ConfluentAvroSerde;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil simulate --bootstrap-servers}: the same events as the file, on the contract topics,
 * keyed by identity.
 */
class KafkaSimulationIT {

  private static final String[] ESTATE = {
    "--seed",
    "3",
    "--days",
    "1",
    "--identities",
    "6",
    "--attacks-per-detection",
    "1",
    "--start",
    "2026-11-02T00:00:00Z"
  };

  @TempDir Path dir;

  @Test
  void producesEveryEventOfTheEstateToItsTopicKeyedByIdentity() throws Exception {
    Path file = dir.resolve("events.jsonl");
    assertThat(
            execute(
                List.of(
                    "simulate",
                    "--out",
                    file.toString(),
                    "--labels",
                    dir.resolve("l.jsonl").toString())))
        .isZero();
    long expected = Files.readAllLines(file).size();

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      int exit =
          execute(
              List.of(
                  "simulate",
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--schema-registry-url",
                  "mock://simulate-it",
                  "--rate",
                  "20000",
                  "--set",
                  "vigil.topics.replication.factor=1"));
      assertThat(exit).isZero();

      Map<String, Object> serde = Map.of("schema.registry.url", "mock://simulate-it");
      List<ConsumerRecord<String, byte[]>> auth = readAll(kafka, "identity.auth-events");
      List<ConsumerRecord<String, byte[]>> uses = readAll(kafka, "identity.token-events");
      assertThat((long) auth.size() + uses.size()).isEqualTo(expected);
      try (Serde<AuthEvent> authSerde = ConfluentAvroSerde.specific(AuthEvent.class, serde, false);
          Serde<TokenUseEvent> useSerde =
              ConfluentAvroSerde.specific(TokenUseEvent.class, serde, false)) {
        assertThat(auth)
            .isNotEmpty()
            .allSatisfy(
                r ->
                    assertThat(
                            authSerde
                                .deserializer()
                                .deserialize(r.topic(), r.value())
                                .getIdentityId())
                        .isEqualTo(r.key()));
        assertThat(uses)
            .isNotEmpty()
            .allSatisfy(
                r ->
                    assertThat(
                            useSerde
                                .deserializer()
                                .deserialize(r.topic(), r.value())
                                .getIdentityId())
                        .isEqualTo(r.key()));
      }
    }
  }

  @Test
  void historyGoesOutFirstAndNoLiveEventIsSentAheadOfTheClock() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      StringWriter err = new StringWriter();
      CommandLine cli = VigilCli.commandLine();
      cli.setErr(new PrintWriter(err, true));
      long began = System.currentTimeMillis();
      // The default start, --warm-up before now: 15 minutes of history, then live traffic.
      int exit =
          cli.execute(
              "simulate",
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--schema-registry-url",
              "mock://simulate-live-it",
              "--seed",
              "5",
              "--days",
              "1",
              "--warm-up",
              "15m",
              "--identities",
              "500",
              "--duration",
              "8s",
              "--set",
              "vigil.topics.replication.factor=1");
      assertThat(exit).as(err.toString()).isZero();
      assertThat(err.toString())
          .containsPattern("History: [\\d,]+ events before \\S+ sent in [\\d.]+ s; live traffic")
          .contains("Stopped (duration elapsed)");

      Map<String, Object> serde = Map.of("schema.registry.url", "mock://simulate-live-it");
      List<long[]> sent = new java.util.ArrayList<>(); // {event time, send time} in epoch ms
      try (Serde<AuthEvent> authSerde = ConfluentAvroSerde.specific(AuthEvent.class, serde, false);
          Serde<TokenUseEvent> useSerde =
              ConfluentAvroSerde.specific(TokenUseEvent.class, serde, false)) {
        for (ConsumerRecord<String, byte[]> r : readAll(kafka, "identity.auth-events")) {
          Instant time = authSerde.deserializer().deserialize(r.topic(), r.value()).getEventTime();
          sent.add(new long[] {time.toEpochMilli(), r.timestamp()});
        }
        for (ConsumerRecord<String, byte[]> r : readAll(kafka, "identity.token-events")) {
          Instant time = useSerde.deserializer().deserialize(r.topic(), r.value()).getEventTime();
          sent.add(new long[] {time.toEpochMilli(), r.timestamp()});
        }
      }
      // The record timestamp is the producer's wall clock when the event was sent.
      assertThat(sent)
          .allSatisfy(
              s ->
                  assertThat(s[0])
                      .as("event time %s of an event sent at %s", ofMs(s[0]), ofMs(s[1]))
                      .isLessThanOrEqualTo(s[1] + 1000));
      long history = sent.stream().filter(s -> s[0] < began).count();
      long live = sent.stream().filter(s -> s[0] >= began).count();
      assertThat(history).as("events of the 15-minute history").isGreaterThan(100);
      assertThat(live).as("live events stamped after the start").isPositive();
    }
  }

  private static Instant ofMs(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  @Test
  void anUnreachableClusterExitsThree() throws Exception {
    StringWriter err = new StringWriter();

    int exit = execute(List.of("simulate", "--bootstrap-servers", "127.0.0.1:1"), err);

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("vigil simulate: cannot reach Kafka at 127.0.0.1:1");
  }

  @Test
  void kafkaOnlyOptionsAreRefusedInFileMode() {
    StringWriter err = new StringWriter();

    int exit =
        execute(
            List.of("simulate", "--out", "a", "--labels", "b", "--forever", "--set", "acks=all"),
            err);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--set, --forever apply to Kafka mode only (without --out and --labels)");
  }

  private int execute(List<String> command) {
    return execute(command, new StringWriter());
  }

  private int execute(List<String> command, StringWriter err) {
    List<String> args = new java.util.ArrayList<>(command);
    if (!command.contains("--forever") && !command.contains("127.0.0.1:1")) {
      args.addAll(List.of(ESTATE));
    }
    CommandLine cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args.toArray(String[]::new));
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(EmbeddedKafka kafka, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "simulate-it-" + topic);
    List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      int emptyPolls = 0;
      while (emptyPolls < 5) {
        int before = records.size();
        consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        emptyPolls = records.size() == before ? emptyPolls + 1 : 0;
      }
    }
    return records;
  }
}
