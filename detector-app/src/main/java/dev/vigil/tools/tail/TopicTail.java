package dev.vigil.tools.tail;

import dev.vigil.rules.pack.DurationText;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.topics.ClusterUnreachableException;
import dev.vigil.runtime.topics.MissingTopicsException;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.serde.registry.RegistryUnavailableException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code vigil tail}: reads one of Vigil's topics as a person would, one line per record, the way a
 * downstream consumer must read them ({@code isolation.level=read_committed}: only results of
 * committed transactions show). It joins no consumer group and commits nothing: it assigns itself
 * every partition, from the beginning or from now, and stops on Ctrl-C, after {@code --max} records
 * or after {@code --timeout}.
 */
public final class TopicTail {

  /** What to read and when to stop. */
  public record Options(
      TailKind kind,
      String topic,
      boolean json,
      boolean fromBeginning,
      Long max,
      Duration timeout) {}

  private static final Duration POLL = Duration.ofMillis(200);

  private final VigilConfig config;
  private final Options options;
  private final PrintWriter out;
  private final PrintWriter err;
  private volatile boolean stopRequested;

  public TopicTail(VigilConfig config, Options options, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.options = options;
    this.out = out;
    this.err = err;
  }

  /** Tails until stopped; returns the exit code. */
  public int run() throws InterruptedException {
    String topic = options.topic();
    int partitions;
    try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
      admin.ensure(List.of(new TopicSpec(topic, 1, (short) -1, Map.of())), false);
      partitions = admin.maxPartitions(List.of(topic));
    } catch (ClusterUnreachableException e) {
      err.println("vigil tail: " + e.getMessage());
      return ExitCode.CLUSTER_PROBLEM;
    } catch (MissingTopicsException e) {
      err.println(
          "vigil tail: topic '"
              + topic
              + "' does not exist on "
              + config.bootstrapServers()
              + " (vigil run creates it at start; or --set vigil.topic."
              + topicKey(options.kind())
              + "=NAME if yours is named otherwise)");
      return ExitCode.CLUSTER_PROBLEM;
    }

    Map<String, Object> consumerConfig = new HashMap<>(config.clientConfig());
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-tail");
    CountDownLatch finished = new CountDownLatch(1);
    try (TailFormat format = new TailFormat(options.kind(), options.json(), config.serdeConfig());
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Thread hook =
          new Thread(
              () -> {
                stopRequested = true;
                consumer.wakeup();
                awaitQuietly(finished);
              },
              "vigil-tail-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        List<TopicPartition> assigned =
            java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
        consumer.assign(assigned);
        if (options.fromBeginning()) {
          consumer.seekToBeginning(assigned);
        } else {
          consumer.seekToEnd(assigned);
        }
        // Resolve the positions now, so "from now" means from this moment, not the first poll.
        assigned.forEach(consumer::position);
        err.printf(
            "Tailing %s (%d partition%s) on %s %s, read_committed%s%s.%n",
            topic,
            partitions,
            partitions == 1 ? "" : "s",
            config.bootstrapServers(),
            options.fromBeginning() ? "from the beginning" : "from now",
            options.max() == null ? "" : ", at most " + options.max() + " records",
            options.timeout() == null
                ? "; Ctrl-C stops"
                : ", for at most " + DurationText.format(options.timeout()));
        err.flush();
        return loop(consumer, format);
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running: it is what stopped us.
        }
      }
    }
  }

  private int loop(KafkaConsumer<byte[], byte[]> consumer, TailFormat format) {
    long deadline =
        options.timeout() == null
            ? Long.MAX_VALUE
            : System.nanoTime() + options.timeout().toNanos();
    long printed = 0;
    long skipped = 0;
    String why = "stopped";
    try {
      while (true) {
        if (stopRequested) {
          why = "stopped";
          break;
        }
        if (options.max() != null && printed >= options.max()) {
          why = "--max " + options.max() + " reached";
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          why = "--timeout " + DurationText.format(options.timeout()) + " elapsed";
          break;
        }
        Duration poll = Duration.ofNanos(Math.min(left, POLL.toNanos()));
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(poll)) {
          if (options.max() != null && printed >= options.max()) {
            break;
          }
          String line;
          try {
            line = format.line(record);
          } catch (RuntimeException e) {
            if (causedBy(e, RegistryUnavailableException.class)) {
              err.println("vigil tail: " + rootMessage(e));
              return ExitCode.FAILED;
            }
            skipped++;
            err.printf(
                "vigil tail: skipped %s-%d@%d, it cannot be read: %s%n",
                record.topic(), record.partition(), record.offset(), rootMessage(e));
            err.flush();
            continue;
          }
          if (line != null) {
            out.println(line);
            out.flush();
            printed++;
          }
        }
      }
    } catch (WakeupException e) {
      why = "stopped";
    }
    err.printf(
        "Tail of %s ended (%s): %,d record%s%s.%n",
        options.topic(),
        why,
        printed,
        printed == 1 ? "" : "s",
        skipped == 0 ? "" : String.format(", %,d unreadable skipped", skipped));
    err.flush();
    return 0;
  }

  private static String topicKey(TailKind kind) {
    return switch (kind) {
      case ALERTS -> "alerts";
      case REVOCATIONS -> "revocations";
      case DLQ -> "dlq";
      case RISK -> "risk";
    };
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
