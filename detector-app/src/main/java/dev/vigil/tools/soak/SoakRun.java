package dev.vigil.tools.soak;

import dev.vigil.detector.topology.DeadLetterHeaders;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.serde.ConfluentAvroSerde;
import dev.vigil.serde.registry.MockSchemaRegistry;
import dev.vigil.serde.registry.server.SchemaRegistryServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One soak from start to audit: an embedded broker and Schema Registry, the detector as child JVMs,
 * traffic with attacks and faults, the kills and the broker restart of the {@link SoakPlan}, then
 * the audit against a clean replay. Progress goes to {@code log} one line a step.
 */
final class SoakRun {

  /** The deployment's consumer group, and prefix of its internal topics. */
  static final String APPLICATION_ID = "vigil-soak";

  /** How long reading a topic to its end, or the first start of the detector, may take. */
  private static final Duration READ_LIMIT = Duration.ofMinutes(3);

  private final SoakPlan plan;
  private final Path workDir;
  private final List<String> jvmOptions;
  private final Map<String, String> childSettings;
  private final PrintWriter log;

  /**
   * @param childSettings further {@code --set KEY=VALUE} for every detector instance
   */
  SoakRun(
      SoakPlan plan,
      Path workDir,
      List<String> jvmOptions,
      Map<String, String> childSettings,
      PrintWriter log) {
    this.plan = plan;
    this.workDir = workDir;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.childSettings = Map.copyOf(childSettings);
    this.log = log;
  }

  SoakSummary run() throws Exception {
    long started = System.nanoTime();
    VigilTopics topics = VigilTopics.DEFAULTS;
    String scope = "vigil-soak-" + UUID.randomUUID();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        SchemaRegistryServer registry =
            SchemaRegistryServer.start(0, MockSchemaRegistry.forScope(scope))) {
      String bootstrap = kafka.bootstrapServers();
      say(
          "Kafka at %s (data in %s), Schema Registry at %s",
          bootstrap, kafka.directory(), registry.url());
      createTopics(bootstrap, topics);

      List<ChildDetector> children = new ArrayList<>();
      for (int i = 0; i < plan.instances(); i++) {
        String name = Character.toString('a' + i);
        Path dir = Files.createDirectories(workDir.resolve("instance-" + name));
        children.add(
            new ChildDetector(
                name,
                ChildDetector.javaCommand(
                    jvmOptions, runArgs(bootstrap, registry.url(), dir.resolve("state"))),
                dir.resolve("detector.log")));
      }
      List<Long> recoveries = new ArrayList<>();
      Long brokerDown = null;
      Long brokerRecovery = null;
      int brokerRestarts = 0;
      try (DetectorSupervisor supervisor = new DetectorSupervisor(children);
          TrafficInjector traffic = new TrafficInjector(plan, topics, bootstrap, registry.url());
          GroupProgress progress =
              new GroupProgress(
                  bootstrap, APPLICATION_ID, List.of(topics.authEvents(), topics.tokenEvents()))) {
        supervisor.startAll();
        traffic.start();
        say(
            "%d detector instance(s) started (logs in %s); traffic running",
            plan.instances(), workDir);
        Thread.sleep(plan.attackEvery().toMillis());
        if (progress
            .awaitCommitted(progress.endOffsets(READ_LIMIT), System.nanoTime(), READ_LIMIT)
            .isEmpty()) {
          throw new IllegalStateException(
              "the detector did not commit any progress within " + READ_LIMIT + "; see " + workDir);
        }
        say("the detector is processing");

        List<SoakPlan.Kill> kills = plan.schedule();
        for (int k = 0; k <= kills.size(); k++) {
          if (k == plan.brokerRestartAfterKill()) {
            long t0 = System.nanoTime();
            brokerDown = kafka.restart().toMillis();
            brokerRestarts++;
            brokerRecovery =
                millis(
                    progress.awaitProgressBeyond(
                        progress.endOffsets(READ_LIMIT), t0, plan.recoveryTimeout()));
            say(
                "broker restarted (down %d ms); detector recovered in %s ms",
                brokerDown, brokerRecovery);
          }
          if (k == kills.size()) {
            break;
          }
          SoakPlan.Kill kill = kills.get(k);
          Thread.sleep(kill.gap().toMillis());
          List<Map<TopicPartition, Long>> atDeath = new ArrayList<>();
          long t0 = System.nanoTime();
          int exit =
              supervisor.killAndRestart(
                  kill.victim(), () -> atDeath.add(endOffsetsQuietly(progress)));
          Long recovered =
              millis(progress.awaitProgressBeyond(atDeath.get(0), t0, plan.recoveryTimeout()));
          recoveries.add(recovered);
          say(
              "kill %d/%d: instance %s SIGKILLed (exit %d), restarted; recovered in %s ms",
              k + 1, kills.size(), children.get(kill.victim()).name(), exit, recovered);
        }
        Thread.sleep(plan.tail().toMillis());
        traffic.finish();
        long attacks = traffic.attacks();
        long written = traffic.acknowledged();
        long refused = traffic.failed();
        List<InjectedFault> injected = traffic.faults();
        boolean drained =
            progress
                .awaitCommitted(progress.endOffsets(READ_LIMIT), System.nanoTime(), READ_LIMIT)
                .isPresent();
        say(
            "traffic stopped: %d records written, %d attacks; every input record processed: %s",
            written, attacks, drained);
        SoakSummary.Run run =
            new SoakSummary.Run(
                Duration.ofNanos(System.nanoTime() - started),
                supervisor.killExitCodes(),
                supervisor.restarts(),
                supervisor.unexpectedExits(),
                recoveries,
                brokerRestarts,
                brokerDown,
                brokerRecovery,
                drained,
                attacks,
                written,
                refused);
        supervisor.close();
        say("detector stopped; auditing");
        return audit(bootstrap, registry.url(), topics, run, injected);
      }
    } finally {
      MockSchemaRegistry.dropScope(scope);
    }
  }

  private SoakSummary audit(
      String bootstrap,
      String registryUrl,
      VigilTopics topics,
      SoakSummary.Run run,
      List<InjectedFault> injected) {
    Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl);
    List<String> alertIds = new ArrayList<>();
    try (Deserializer<Alert> alerts =
        ConfluentAvroSerde.specific(Alert.class, serdeConfig, false).deserializer()) {
      for (ConsumerRecord<byte[], byte[]> r :
          CommittedRecords.readAll(bootstrap, topics.alerts(), READ_LIMIT)) {
        alertIds.add(alerts.deserialize(r.topic(), r.value()).getAlertId());
      }
    }
    List<String> commandIds = new ArrayList<>();
    try (Deserializer<RevocationCommand> commands =
        ConfluentAvroSerde.specific(RevocationCommand.class, serdeConfig, false).deserializer()) {
      for (ConsumerRecord<byte[], byte[]> r :
          CommittedRecords.readAll(bootstrap, topics.revocations(), READ_LIMIT)) {
        commandIds.add(commands.deserialize(r.topic(), r.value()).getCommandId());
      }
    }
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        CommittedRecords.readAll(bootstrap, topics.deadLetters(), READ_LIMIT)) {
      deadLetters.add(
          new DeadLetter(
              DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.TOPIC),
              DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.PARTITION),
              DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.OFFSET),
              DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON),
              DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.MESSAGE)));
    }
    CleanReplay.Expected expected =
        CleanReplay.of(
            CommittedRecords.readAll(bootstrap, topics.authEvents(), READ_LIMIT),
            CommittedRecords.readAll(bootstrap, topics.tokenEvents(), READ_LIMIT),
            registryUrl);
    SoakAuditor.Audit audit =
        SoakAuditor.audit(
            alertIds,
            commandIds,
            expected.alertIds(),
            expected.commandIds(),
            deadLetters,
            injected);
    return new SoakSummary(plan, run, audit, expected, injected);
  }

  /**
   * {@code vigil run} against the soak's broker and registry, with a state directory of its own.
   */
  private List<String> runArgs(String bootstrap, String registryUrl, Path stateDir) {
    List<String> args = new ArrayList<>();
    args.add("--bootstrap-servers");
    args.add(bootstrap);
    args.add("--schema-registry-url");
    args.add(registryUrl);
    args.add("--http-port");
    args.add("0");
    set(args, "application.id", APPLICATION_ID);
    set(args, "state.dir", stateDir.toString());
    // The broker's minimum: a killed member's partitions move after 6 s instead of 45.
    set(args, "session.timeout.ms", "6000");
    set(args, "vigil.topics.partitions", Integer.toString(plan.partitions()));
    childSettings.forEach((k, v) -> set(args, k, v));
    return args;
  }

  private static void set(List<String> args, String key, String value) {
    args.add("--set");
    args.add(key + "=" + value);
  }

  private void createTopics(String bootstrap, VigilTopics topics) {
    try (TopicAdmin admin = TopicAdmin.connect(Map.of("bootstrap.servers", bootstrap))) {
      admin.ensure(TopicSpec.vigilTopics(topics, plan.partitions(), (short) 1), true);
    }
  }

  private static Map<TopicPartition, Long> endOffsetsQuietly(GroupProgress progress) {
    try {
      return progress.endOffsets(READ_LIMIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the input topics' end offsets", e);
    }
  }

  private static Long millis(Optional<Duration> d) {
    return d.map(Duration::toMillis).orElse(null);
  }

  private void say(String format, Object... args) {
    // Timed to the millisecond, so a step can be found in the detectors' own logs.
    log.println(
        Instant.now().truncatedTo(ChronoUnit.MILLIS)
            + " vigil soak: "
            + String.format(format, args));
    log.flush();
  }
}
