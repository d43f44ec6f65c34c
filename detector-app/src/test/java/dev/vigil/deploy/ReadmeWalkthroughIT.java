package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilJvm;
import dev.vigil.detector.topology.DeadLetterHeaders;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's local-stack walkthrough, run: every command of its walkthrough block (read from
 * README.md, so editing the README changes what runs), in order, each in a JVM of its own, with
 * only the ports and directories moved to free ones. Within a few minutes the SOC's {@code tail}
 * shows all four detections, the dead-letter topic stays empty, no stream thread failed (so none
 * was replaced), and {@code revoke} applies the revocation commands.
 */
class ReadmeWalkthroughIT {

  private static final Set<String> DETECTIONS =
      Set.of("TOKEN_REPLAY", "ACCESS_OUTLIVES_INTENT", "SUDDEN_PRIVILEGE_USE", "LATERAL_MOVEMENT");

  /** A readable alert line of {@code vigil tail alerts}: time, ALERT, severity, detection. */
  private static final Pattern ALERT_LINE = Pattern.compile("^\\S+ ALERT\\s+\\S+\\s+(\\S+)\\s");

  private static final Pattern FAILED_THREADS =
      Pattern.compile("(?m)^kafka_stream_failed_stream_threads_total\\{[^}]*} (\\S+)$");

  private static final Duration STARTUP = Duration.ofMinutes(2);
  private static final Duration DETECTIONS_WITHIN = Duration.ofMinutes(4);

  @TempDir Path dir;

  /** Started processes, the last first, so they stop in the reverse order of the walkthrough. */
  private final Deque<Process> started = new ArrayDeque<>();

  /** Each command's process and the file of what it printed, by subcommand name. */
  private final Map<String, Process> processes = new HashMap<>();

  private final Map<String, Path> out = new HashMap<>();

  @AfterEach
  void stopTheStack() throws InterruptedException {
    while (!started.isEmpty()) {
      Process process = started.pop();
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void theReadmesCommandsCatchAllFourDetectionsWithoutDeadLettersOrReplacedThreads()
      throws Exception {
    Ports ports = new Ports(freePort(), freePort(), freePort());
    List<List<String>> commands = ReadmeWalkthroughTest.walkthrough();
    for (List<String> command : commands) {
      List<String> args = ports.rewrite(command, dir);
      String name = args.get(0);
      Path printed = dir.resolve(name + ".out");
      Process process = start(args, printed);
      out.put(name, printed);
      processes.put(name, process);
      switch (name) {
        case "broker" -> awaitLine(process, printed, line -> line.startsWith("Use it from"));
        case "rules" -> {
          assertThat(process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
          assertThat(process.exitValue()).as(Files.readString(printed)).isZero();
          assertThat(Files.readString(printed)).contains("Published pack vigil-demo");
        }
        case "run" -> awaitReady(process, printed, ports.http);
        default -> {
          // simulate, tail and revoke run until stopped
        }
      }
    }

    long began = System.nanoTime();
    Set<String> seen = awaitDetections(out.get("tail"));
    assertThat(seen).as(Files.readString(out.get("simulate"))).containsAll(DETECTIONS);
    System.out.printf(
        "ReadmeWalkthroughIT: %s on the alerts topic %d s after simulate started%n",
        seen, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));

    assertThat(committedReasons("127.0.0.1:" + ports.kafka, "identity.dlq"))
        .as("records on the dead-letter topic, each by its reason")
        .isEmpty();
    String metrics = get("http://127.0.0.1:" + ports.http + "/metrics");
    Matcher failed = FAILED_THREADS.matcher(metrics);
    assertThat(failed.find()).as("kafka_stream_failed_stream_threads_total in /metrics").isTrue();
    assertThat(Double.parseDouble(failed.group(1))).as("stream threads failed (replaced)").isZero();

    Path revoke = out.get("revoke");
    // The log sink's line for each command it applied.
    awaitLine(
        processes.get("revoke"),
        revoke,
        line -> line.contains("vigil.revocations - REVOKE_") && line.contains(" command="));
  }

  /** The ports of the stack: Kafka, the Schema Registry and the detector's HTTP endpoints. */
  private record Ports(int kafka, int registry, int http) {

    /** {@code command} with the README's ports and directories replaced by this run's own. */
    List<String> rewrite(List<String> command, Path dir) {
      List<String> args = new ArrayList<>();
      for (int i = 0; i < command.size(); i++) {
        String arg =
            command
                .get(i)
                .replace("127.0.0.1:9092", "127.0.0.1:" + kafka)
                .replace("127.0.0.1:8081", "127.0.0.1:" + registry);
        String previous = i == 0 ? "" : command.get(i - 1);
        if (previous.equals("--port")) {
          arg = Integer.toString(kafka);
        } else if (previous.equals("--state-dir")) {
          arg = dir.resolve(arg).toString();
        }
        args.add(arg);
      }
      if (args.get(0).equals("broker")) {
        args.addAll(List.of("--registry-port", Integer.toString(registry)));
      } else if (args.get(0).equals("run")) {
        args.addAll(List.of("--http-port", Integer.toString(http)));
      }
      return args;
    }
  }

  /**
   * One command of the walkthrough in a JVM of its own, stdout and stderr into {@code printed};
   * Kafka Streams' state and the broker's data go to this test's directory (java.io.tmpdir).
   */
  private Process start(List<String> args, Path printed) throws IOException {
    ProcessBuilder builder =
        VigilJvm.command(
            List.of("-Xmx512m", "-Djava.io.tmpdir=" + dir), args.toArray(String[]::new));
    builder.directory(dir.toFile());
    builder.redirectErrorStream(true);
    builder.redirectOutput(printed.toFile());
    Process process = builder.start();
    started.push(process);
    return process;
  }

  private static void awaitLine(Process process, Path printed, Predicate<String> wanted)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readAllLines(printed).stream().anyMatch(wanted)) {
        return;
      }
      assertThat(process.isAlive()).as("still running: %s", Files.readString(printed)).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("not printed within " + STARTUP + ": " + Files.readString(printed));
  }

  /** Until {@code vigil run} answers {@code /ready} with 200 (Kafka Streams RUNNING). */
  private static void awaitReady(Process run, Path printed, int http) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(run.isAlive()).as("vigil run: %s", Files.readString(printed)).isTrue();
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the endpoint comes up with the detector
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "vigil run not ready within " + STARTUP + ": " + Files.readString(printed));
  }

  /** The detections {@code tail} has printed, once all four are there or the time is up. */
  private Set<String> awaitDetections(Path tail) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + DETECTIONS_WITHIN.toNanos();
    Set<String> seen = new TreeSet<>();
    while (System.nanoTime() < deadline) {
      seen.clear();
      for (String line : Files.readAllLines(tail)) {
        Matcher alert = ALERT_LINE.matcher(line);
        if (alert.find()) {
          seen.add(alert.group(1));
        }
      }
      if (seen.containsAll(DETECTIONS)) {
        return seen;
      }
      for (Map.Entry<String, Process> process : processes.entrySet()) {
        assertThat(process.getValue().isAlive() || process.getKey().equals("rules"))
            .as(
                "%s still running: %s",
                process.getKey(), Files.readString(out.get(process.getKey())))
            .isTrue();
      }
      Thread.sleep(1000);
    }
    return seen;
  }

  /**
   * The committed dead letters of {@code topic}, read with read_committed to its end: each as its
   * reason and message headers, so a failure says why the records were dead-lettered.
   */
  private static List<String> committedReasons(String bootstrap, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<String> reasons = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          reasons.add(
              DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.REASON)
                  + ": "
                  + DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.MESSAGE));
        }
      }
      return reasons;
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
