package dev.vigil.tools.soak;

import dev.vigil.runtime.ExitCode;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the soak's detector instances running, as an orchestrator would: kills one on request and
 * starts it again at once, and starts again any instance that ended without being killed, counting
 * that as an unexpected exit (the detector must ride out kills of its peers and broker restarts).
 */
final class DetectorSupervisor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DetectorSupervisor.class);
  private static final long WATCH_MS = 500;

  /**
   * An instance that ended on its own, and how: its exit code and the last line {@code vigil run}
   * wrote about itself (e.g. {@code vigil run: cannot reach Kafka at ... within 10 s}).
   */
  record UnexpectedExit(String instance, int exitCode, String lastWords) {

    /**
     * Exit code 3 comes only from {@code vigil run}'s start-up checks (the cluster or registry did
     * not answer in time, topics missing): the instance refused to start, which an orchestrator
     * answers by starting it again, as the supervisor does. Any other exit is a running detector
     * that died.
     */
    boolean refusedToStart() {
      return exitCode == ExitCode.CLUSTER_PROBLEM;
    }
  }

  private final List<ChildDetector> instances;
  private final List<UnexpectedExit> unexpected = new ArrayList<>();
  private final List<Integer> killExitCodes = new ArrayList<>();
  private final Thread watcher;
  private volatile boolean closing;

  DetectorSupervisor(List<ChildDetector> instances) {
    this.instances = List.copyOf(instances);
    this.watcher = new Thread(this::watch, "vigil-soak-supervisor");
    this.watcher.setDaemon(true);
  }

  /**
   * Starts every instance, then watches them. Should this JVM be stopped before {@link #close()}
   * (Ctrl-C), a shutdown hook kills them, so no detector outlives its soak.
   */
  synchronized void startAll() {
    instances.forEach(ChildDetector::start);
    watcher.start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "vigil-soak-children"));
  }

  private void killAll() {
    closing = true;
    for (ChildDetector instance : instances) {
      instance.killQuietly();
    }
  }

  /**
   * SIGKILLs instance {@code index}, runs {@code whileDead} once the JVM is gone, and starts it
   * again; returns the killed JVM's exit code.
   */
  synchronized int killAndRestart(int index, Runnable whileDead) throws InterruptedException {
    ChildDetector victim = instances.get(index);
    if (!victim.alive()) {
      // Ended on its own since the last look: count it, so a kill is always of a live process.
      noteExit(victim);
      victim.start();
    }
    int exit = victim.kill();
    killExitCodes.add(exit);
    whileDead.run();
    victim.start();
    return exit;
  }

  private void watch() {
    while (!closing) {
      synchronized (this) {
        for (ChildDetector instance : instances) {
          if (!closing && !instance.alive()) {
            noteExit(instance);
            instance.start();
          }
        }
      }
      try {
        Thread.sleep(WATCH_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void noteExit(ChildDetector instance) {
    Integer code = instance.exitCode();
    unexpected.add(
        new UnexpectedExit(instance.name(), code == null ? -1 : code, instance.lastWords()));
    log.warn(
        "Detector instance {} exited on its own (code {}); starting it again. Its log: {}",
        instance.name(),
        code,
        instance.log());
  }

  synchronized List<UnexpectedExit> unexpectedExits() {
    return List.copyOf(unexpected);
  }

  synchronized List<Integer> killExitCodes() {
    return List.copyOf(killExitCodes);
  }

  /** Starts of all instances beyond the first of each. */
  synchronized int restarts() {
    return instances.stream().mapToInt(i -> i.starts() - 1).sum();
  }

  List<ChildDetector> instances() {
    return instances;
  }

  /** Stops every instance with SIGTERM (a clean shutdown). */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    watcher.interrupt();
    synchronized (this) {
      for (ChildDetector instance : instances) {
        instance.stop();
      }
    }
  }
}
