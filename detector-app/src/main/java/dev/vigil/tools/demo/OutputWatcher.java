package dev.vigil.tools.demo;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import dev.vigil.serde.ConfluentAvroSerde;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what Vigil wrote, alerts and revocation commands, the way a downstream consumer must: with
 * {@code isolation.level=read_committed}, so only results of committed transactions show. Prints
 * each as one {@link ConsoleLines} line, each alert judged by the demo's {@link DemoScore}.
 */
public final class OutputWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutputWatcher.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Serde<Alert> alerts;
  private final Serde<RevocationCommand> commands;
  private final String alertTopic;
  private final PrintWriter out;
  private final Clock clock;
  private final DemoScore score;
  private final AtomicLong alertCount = new AtomicLong();
  private final AtomicLong commandCount = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;

  private OutputWatcher(
      Map<String, Object> clientConfig,
      Map<String, ?> serdeConfig,
      String alertTopic,
      String commandTopic,
      PrintWriter out,
      Clock clock,
      DemoScore score) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-demo-console");
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.alerts = ConfluentAvroSerde.specific(Alert.class, serdeConfig, false);
    this.commands = ConfluentAvroSerde.specific(RevocationCommand.class, serdeConfig, false);
    this.alertTopic = alertTopic;
    this.out = out;
    this.clock = clock;
    this.score = score;
    consumer.subscribe(List.of(alertTopic, commandTopic));
    this.thread = new Thread(this::poll, "vigil-demo-output");
    thread.setDaemon(true);
  }

  /** Starts printing, each alert judged by {@code score} as it is printed. */
  static OutputWatcher start(
      Map<String, Object> clientConfig,
      Map<String, ?> serdeConfig,
      String alertTopic,
      String commandTopic,
      PrintWriter out,
      Clock clock,
      DemoScore score) {
    OutputWatcher watcher =
        new OutputWatcher(clientConfig, serdeConfig, alertTopic, commandTopic, out, clock, score);
    watcher.thread.start();
    return watcher;
  }

  private void poll() {
    try {
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          print(record);
        }
      }
    } catch (WakeupException e) {
      // close() interrupts the poll.
    } catch (RuntimeException e) {
      log.error("Reading alerts stopped: {}", e.getMessage(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void print(ConsumerRecord<String, byte[]> record) {
    String line;
    if (record.topic().equals(alertTopic)) {
      Alert alert =
          alerts.deserializer().deserialize(record.topic(), record.headers(), record.value());
      alertCount.incrementAndGet();
      line = ConsoleLines.labelledAlert(alert, score.judge(alert, clock.instant()));
    } else {
      Deserializer<RevocationCommand> deserializer = commands.deserializer();
      commandCount.incrementAndGet();
      line =
          ConsoleLines.command(
              deserializer.deserialize(record.topic(), record.headers(), record.value()));
    }
    out.println(line);
    out.flush();
  }

  public long alerts() {
    return alertCount.get();
  }

  public long commands() {
    return commandCount.get();
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    consumer.wakeup();
    thread.join(10_000);
    alerts.close();
    commands.close();
  }
}
