package dev.vigil.runtime.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster inside this JVM: one KRaft node that is both broker and
 * controller, listening on free ports on 127.0.0.1, with its logs in a temporary directory that
 * {@link #close()} deletes.
 *
 * <p>It is built from Kafka's own server classes, the way {@code kafka-storage.sh format} and
 * {@code kafka-server-start.sh} do it: the log directory is formatted with {@link Formatter}, then
 * a {@link KafkaRaftServer} is started on it. Every internal topic is configured for a cluster of
 * one (replication factor 1, transaction log min ISR 1), so exactly-once Kafka Streams applications
 * run on it unchanged, and consumer groups start without the initial rebalance delay.
 *
 * <p><b>Relying on Kafka internals.</b> None of what it is built from is a public API, and any
 * Kafka release may change it: {@code kafka.server.KafkaRaftServer} (constructor {@code
 * (KafkaConfig, Time)}, {@code startup()}, {@code shutdown()}, {@code awaitShutdown()}); {@code
 * kafka.server.KafkaConfig} (constructor {@code (Map, boolean)}); {@code
 * org.apache.kafka.metadata.storage.Formatter} (the setters used in {@code format} and {@code
 * run()}); {@code org.apache.kafka.server.common.MetadataVersion.latestProduction()}; the clients'
 * {@code org.apache.kafka.common.utils.Time} and {@code Utils.delete}; and the broker settings it
 * writes for a cluster of one (a new internal topic, as the share coordinator's was in 4.x, needs
 * its replication factor set to 1 here, or the feature using it never becomes available). Checked
 * on Kafka 4.4.0. {@code EmbeddedKafkaServerClassesIT} exercises them step by step (start, create a
 * topic, produce in a transaction, consume in a group and commit offsets, stop and release the
 * port, a second broker in the same JVM) and a failing step names what it exercised; {@code
 * EmbeddedKafkaIT} checks read-committed isolation and the directory's deletion; {@code
 * KafkaInternalsCheckedTest} fails on a Kafka release that is not named in the "Checked on"
 * sentence above, until someone has run those tests on it and added it there. Every start formats a
 * new temporary directory and {@link #close()} deletes it; {@link #restart()} stops the node and
 * starts it again on the same directory and ports, as an operator restarting a broker would ({@code
 * vigil soak} uses it to check the detector rides out a broker restart).
 *
 * <p>If a Kafka upgrade breaks it, compare with how that release formats and starts a node itself:
 * {@code kafka.tools.StorageTool} (behind {@code kafka-storage.sh format}) and {@code kafka.Kafka}
 * (behind {@code kafka-server-start.sh}); this class does what they do, in process. Only {@code
 * vigil demo}, {@code vigil bench}, {@code vigil broker}, {@code vigil soak} and the integration
 * tests start it; {@code vigil run} against a real cluster does not, so a break here stops those,
 * not production.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   props.put("bootstrap.servers", kafka.bootstrapServers());
 *   ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** Free ports are found by binding and releasing them; another process may win the race. */
  private static final int START_ATTEMPTS = 3;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, String> properties;
  private KafkaRaftServer server;
  private final Path directory;
  private final String bootstrapServers;
  private final Duration startupTime;
  private boolean closed;

  private EmbeddedKafka(
      Map<String, String> properties,
      KafkaRaftServer server,
      Path directory,
      String bootstrapServers,
      Duration startupTime) {
    this.properties = Map.copyOf(properties);
    this.server = server;
    this.directory = directory;
    this.bootstrapServers = bootstrapServers;
    this.startupTime = startupTime;
  }

  /** Starts a broker with the default single-node settings. */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * Starts a broker; {@code overrides} are server properties (e.g. {@code num.partitions}) applied
   * on top of the single-node defaults. Listeners, node id and directories cannot be overridden.
   */
  public static EmbeddedKafka start(Map<String, String> overrides) {
    return start(0, overrides);
  }

  /**
   * Starts a broker whose Kafka listener is on {@code brokerPort} of 127.0.0.1 (0: a free port, as
   * {@link #start(Map)} does); the controller listener always takes a free port.
   *
   * @throws IllegalStateException naming the port when it is already taken
   */
  public static EmbeddedKafka start(int brokerPort, Map<String, String> overrides) {
    if (brokerPort < 0 || brokerPort > 65535) {
      throw new IllegalArgumentException(
          "port must be 0 (a free port) or 1-65535, got " + brokerPort);
    }
    if (brokerPort != 0 && !isFree(brokerPort)) {
      throw new IllegalStateException(
          "cannot start Kafka on " + HOST + ":" + brokerPort + ": the port is in use");
    }
    for (String key : overrides.keySet()) {
      if (FIXED_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "embedded Kafka chooses '" + key + "' itself; it cannot be overridden");
      }
    }
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce(brokerPort, overrides);
      } catch (RuntimeException e) {
        if (!causedByBindFailure(e)) {
          throw e;
        }
        log.warn("Embedded Kafka lost a port race (attempt {}), retrying on new ports", attempt);
        last = e;
      }
    }
    throw last;
  }

  private static EmbeddedKafka startOnce(int fixedBrokerPort, Map<String, String> overrides) {
    long started = System.nanoTime();
    Path directory = createDirectory();
    KafkaRaftServer server = null;
    try {
      int brokerPort = fixedBrokerPort != 0 ? fixedBrokerPort : freePort();
      int controllerPort = freePort();
      String logDir = directory.resolve("log").toString();
      Map<String, String> props = serverProperties(logDir, brokerPort, controllerPort);
      props.putAll(overrides);
      format(logDir);
      long formatted = System.nanoTime();
      server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      server.startup();
      long serverStarted = System.nanoTime();
      String bootstrap = HOST + ":" + brokerPort;
      awaitReady(bootstrap);
      long ready = System.nanoTime();
      Duration startupTime = Duration.ofNanos(ready - started);
      log.info(
          "Embedded Kafka ready at {} in {} ms (format {} ms, server start {} ms, first answer {} ms)",
          bootstrap,
          startupTime.toMillis(),
          millis(formatted - started),
          millis(serverStarted - formatted),
          millis(ready - serverStarted));
      return new EmbeddedKafka(props, server, directory, bootstrap, startupTime);
    } catch (RuntimeException | Error e) {
      stopQuietly(server);
      deleteQuietly(directory);
      throw e;
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static final List<String> FIXED_KEYS =
      List.of(
          "process.roles",
          "node.id",
          "controller.quorum.voters",
          "listeners",
          "advertised.listeners",
          "controller.listener.names",
          "listener.security.protocol.map",
          "inter.broker.listener.name",
          "log.dirs",
          "metadata.log.dir");

  private static Map<String, String> serverProperties(
      String logDir, int brokerPort, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("log.dirs", logDir);
    p.put("metadata.log.dir", logDir);

    // A cluster of one: every internal topic must be satisfiable by a single replica, or
    // transactions (exactly-once Streams) and consumer groups never become available.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // Nobody else joins a demo or test group; waiting for them only delays the first assignment.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created on purpose (TopicAdmin, Streams' internal topics), as on a real cluster.
    p.put("auto.create.topics.enable", "false");

    // Small footprint: the demo shares the JVM (and two cores) with the detector.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
    return p;
  }

  private static void format(String logDir) {
    try {
      new Formatter()
          .setPrintStream(
              new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(logDir)
          .setMetadataLogDirectory(logDir)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format the embedded Kafka log directory " + logDir, e);
    }
  }

  /** The broker accepts connections once started; wait until it also answers metadata requests. */
  private static void awaitReady(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "vigil-embedded-kafka-probe");
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "embedded Kafka at " + bootstrap + " did not answer within " + READY_TIMEOUT, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + HOST, e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path createDirectory() {
    try {
      return Files.createTempDirectory("vigil-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for embedded Kafka", e);
    }
  }

  private static boolean causedByBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Wall-clock time from {@link #start()} until the broker answered metadata requests. */
  public Duration startupTime() {
    return startupTime;
  }

  /** The temporary directory holding the broker's logs (deleted by {@link #close()}). */
  public Path directory() {
    return directory;
  }

  /**
   * Stops the node (as a clean broker shutdown does) and starts it again on the same log directory
   * and ports, keeping its topics, offsets and transactions; returns once it answers again. Clients
   * see it go away and come back at the same address.
   *
   * @return how long the broker was unavailable, from the start of its shutdown to its first answer
   */
  public synchronized Duration restart() {
    if (closed) {
      throw new IllegalStateException("embedded Kafka at " + bootstrapServers + " is closed");
    }
    long started = System.nanoTime();
    stopQuietly(server);
    server = null;
    KafkaRaftServer again = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
    again.startup();
    server = again;
    awaitReady(bootstrapServers);
    Duration down = Duration.ofNanos(System.nanoTime() - started);
    log.info("Embedded Kafka at {} restarted in {} ms", bootstrapServers, down.toMillis());
    return down;
  }

  /** Stops the broker and deletes its log directory. Calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    stopQuietly(server);
    deleteQuietly(directory);
    log.info(
        "Embedded Kafka at {} stopped in {} ms",
        bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private static void stopQuietly(KafkaRaftServer server) {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("Embedded Kafka did not shut down cleanly", e);
    }
  }

  private static void deleteQuietly(Path directory) {
    try {
      Utils.delete(directory.toFile());
    } catch (IOException e) {
      log.warn("Cannot delete embedded Kafka directory {}", directory, e);
    }
  }
}
