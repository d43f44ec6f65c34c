package dev.vigil.tools.bench;

import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * One instance of the detector, as a deployment runs it (through {@link DetectorApp#start}, so the
 * same topology and configuration, exactly-once), with its own state directory and a client id of
 * its own that its threads carry, so its CPU time and tasks can be told from another instance's of
 * the same application in this JVM.
 */
final class DetectorInstance implements AutoCloseable {

  /** Active and standby (warm-up) tasks an instance holds at one moment. */
  record Tasks(int active, int standby) {}

  private final String clientId;
  private final GracefulShutdown shutdown;
  private final KafkaStreams streams;

  private DetectorInstance(String clientId, GracefulShutdown shutdown, KafkaStreams streams) {
    this.clientId = clientId;
    this.shutdown = shutdown;
    this.streams = streams;
  }

  /**
   * Starts instance number {@code n} of the app.
   *
   * @param configs the bench's configuration with the given keys overriding
   */
  static DetectorInstance start(
      LiveCapacity.AppTopics app, int n, Function<Map<String, String>, VigilConfig> configs) {
    String clientId = clientId(app.appId(), n);
    Map<String, String> keys = new LinkedHashMap<>(app.keys());
    keys.put("client.id", clientId);
    keys.put("state.dir", Path.of(app.keys().get("state.dir")).resolve("instance-" + n).toString());
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();
    try {
      KafkaStreams streams = DetectorApp.start(configs.apply(keys), shutdown).streams().streams();
      return new DetectorInstance(clientId, shutdown, streams);
    } catch (RuntimeException e) {
      shutdown.closeAll();
      throw e;
    }
  }

  /** Starts with the app id, so the app's figure counts every instance's threads too. */
  static String clientId(String appId, int n) {
    return appId + "-instance-" + n;
  }

  String clientId() {
    return clientId;
  }

  boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  Tasks tasks() {
    int active = 0;
    int standby = 0;
    try {
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        active += thread.activeTasks().size();
        standby += thread.standbyTasks().size();
      }
    } catch (RuntimeException e) {
      // Not running (yet, or any more): it holds nothing.
    }
    return new Tasks(active, standby);
  }

  /** Commits, leaves the group and stops, as a deployment's graceful shutdown does. */
  @Override
  public void close() {
    shutdown.closeAll();
  }
}
