package dev.vigil.tools.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.json.EventJson;
import dev.vigil.events.testing.SampleEvents;
import dev.vigil.runtime.broker.EmbeddedKafkaExtension;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.serde.ConfluentAvroSerde;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code vigil tail} on a real broker: an alert and a command written in committed transactions
 * (one more alert in an aborted one), a dead letter with Vigil's headers; each tailed as a person
 * reads it, as JSON lines, and from now.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TailCommandIT {

  private static final String REGISTRY = "mock://tail-it";

  /** The alerts topic of the from-now test, which writes more alerts (--topic names it). */
  private static final String LATER_ALERTS = "tail-it.later-alerts";

  @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @BeforeAll
  static void writeRecords() throws Exception {
    try (TopicAdmin admin =
        TopicAdmin.connect(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.ensure(TopicSpec.vigilTopics(VigilTopics.DEFAULTS, 2, (short) 1), true);
      admin.ensure(List.of(new TopicSpec(LATER_ALERTS, 2, (short) 1, Map.of())), true);
    }
    Alert aborted = SampleEvents.alert();
    aborted.setSummary("ABORTED, never committed");
    try (KafkaProducer<byte[], byte[]> producer = transactional("tail-it");
        Serde<Alert> alerts = ConfluentAvroSerde.specific(Alert.class, serde(), false);
        Serde<RevocationCommand> commands =
            ConfluentAvroSerde.specific(RevocationCommand.class, serde(), false)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(
          record("identity.alerts", alerts.serializer().serialize("identity.alerts", aborted)));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(
          record(
              "identity.alerts",
              alerts.serializer().serialize("identity.alerts", SampleEvents.alert())));
      producer.send(
          record(
              "identity.revocations",
              commands
                  .serializer()
                  .serialize("identity.revocations", SampleEvents.revocationCommand())));
      producer.commitTransaction();
    }
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(
            "identity.dlq",
            "svc-billing@corp".getBytes(StandardCharsets.UTF_8),
            "not avro at all".getBytes(StandardCharsets.UTF_8));
    header(
        letter,
        DeadLetterHeaders.REASON,
        "org.apache.kafka.common.errors.SerializationException: topic 'identity.auth-events': unknown magic byte 110");
    header(letter, DeadLetterHeaders.TOPIC, "identity.auth-events");
    header(letter, DeadLetterHeaders.PARTITION, "1");
    header(letter, DeadLetterHeaders.OFFSET, "42");
    try (KafkaProducer<byte[], byte[]> producer = transactional("tail-it-dlq")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(letter);
      producer.commitTransaction();
    }
  }

  @Test
  void alertsShowOnlyWhatWasCommittedAsTheDemoPrintsIt() {
    Run run = tail("alerts", "--from-beginning", "--max", "5", "--timeout", "5s");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.lines())
        .singleElement()
        .asString()
        .startsWith("10:10:01 ALERT  HIGH     TOKEN_REPLAY           token_network_spread")
        .contains("identity=svc-billing@corp token=tok-fp-9f86d081")
        .endsWith("| Token used from 2 ASNs in 3 countries within 10 minutes");
    assertThat(run.err)
        .contains("from the beginning, read_committed")
        .contains("--timeout 5s elapsed");
  }

  @Test
  void revocationsAsJsonLines() {
    Run run = tail("revocations", "--json", "--from-beginning", "--max", "1", "--timeout", "30s");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.lines()).containsExactly(EventJson.write(SampleEvents.revocationCommand()));
    assertThat(run.err).contains("--max 1 reached");
  }

  @Test
  void deadLettersShowReasonSourceAndSizeNotThePayload() {
    Run run = tail("dlq", "--from-beginning", "--max", "1", "--timeout", "30s");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.lines())
        .singleElement()
        .asString()
        .contains(
            "DLQ    source=identity.auth-events/1@42 key=svc-billing@corp bytes=15 |"
                + " org.apache.kafka.common.errors.SerializationException: topic"
                + " 'identity.auth-events': unknown magic byte 110")
        .doesNotContain("not avro");
  }

  @Test
  void fromNowShowsOnlyWhatComesAfterTheStart() throws Exception {
    Alert before = SampleEvents.alert();
    before.setSummary("the one before the start");
    send(LATER_ALERTS, before);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> tailing =
        CompletableFuture.supplyAsync(
            () ->
                command(out, err)
                    .execute(
                        args("alerts", "--topic", LATER_ALERTS, "--max", "1", "--timeout", "60s")));
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // The whole line: printf hands the writer its pieces one by one, so a part can be read alone.
    while (!tailingLinePrinted(err.toString()) && System.nanoTime() < waitUntil) {
      Thread.sleep(50);
    }
    assertThat(err.toString()).contains("from now");

    Alert after = SampleEvents.alert();
    after.setSummary("the one after the start");
    send(LATER_ALERTS, after);

    assertThat(tailing.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(out.toString().lines().toList())
        .singleElement()
        .asString()
        .endsWith("| the one after the start");
    assertThat(err.toString()).contains("--max 1 reached");
  }

  private static boolean tailingLinePrinted(String err) {
    int start = err.indexOf("Tailing " + LATER_ALERTS);
    return start >= 0 && err.indexOf(System.lineSeparator(), start) > 0;
  }

  @Test
  void aMissingTopicIsNamedAndExitsThree() {
    Run run = tail("risk", "--topic", "identity.risk-elsewhere", "--timeout", "5s");

    assertThat(run.exit).isEqualTo(3);
    assertThat(run.err)
        .contains(
            "vigil tail: topic 'identity.risk-elsewhere' does not exist on "
                + kafka.bootstrapServers());
    assertThat(run.out).isEmpty();
  }

  @Test
  void anUnknownKindIsRefused() {
    Run run = tail("alert");

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err)
        .contains("'alert' is not something to tail; choose alerts|revocations|dlq|risk");
  }

  // --- helpers ---

  private record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Run tail(String... options) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = command(out, err).execute(args(options));
    return new Run(exit, out.toString(), err.toString());
  }

  private static CommandLine command(StringWriter out, StringWriter err) {
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  private static String[] args(String... options) {
    List<String> args = new ArrayList<>(List.of("tail"));
    args.addAll(List.of(options));
    args.addAll(
        List.of(
            "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", REGISTRY));
    return args.toArray(String[]::new);
  }

  private static void send(String topic, Alert alert) {
    try (KafkaProducer<byte[], byte[]> producer = transactional("tail-it-send");
        Serde<Alert> alerts = ConfluentAvroSerde.specific(Alert.class, serde(), false)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(topic, alerts.serializer().serialize(topic, alert)));
      producer.commitTransaction();
    }
  }

  private static Map<String, Object> serde() {
    return Map.of("schema.registry.url", REGISTRY);
  }

  private static KafkaProducer<byte[], byte[]> transactional(String id) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            id + "-" + System.nanoTime()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, byte[] value) {
    return new ProducerRecord<>(topic, "svc-billing@corp".getBytes(StandardCharsets.UTF_8), value);
  }

  private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
