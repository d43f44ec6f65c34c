package dev.vigil.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the cores went over a window: CPU time of this JVM's threads grouped by what they serve
 * (the app under test, the embedded broker, the bench harness, the JIT compilers, the garbage
 * collector), the whole process, and the whole machine (so other processes' load is on record).
 * Java threads are read with {@link ThreadMXBean} by name; the JVM's native threads (compilers, GC,
 * RocksDB's) are invisible to it and are read from {@code /proc/self/task} on Linux. Everything is
 * in cores: CPU seconds per wall second.
 */
final class CoreUsage {

  static final String APP = "app";
  static final String BROKER = "broker";
  static final String HARNESS = "harness";
  static final String JIT = "jit";
  static final String GC = "gc";
  static final String OTHER = "other_jvm";
  static final String PROCESS = "process";
  static final String MACHINE = "machine";
  static final String OTHER_PROCESSES = "other_processes";

  /** Groups in the order they are reported. */
  static final List<String> GROUPS =
      List.of(APP, BROKER, HARNESS, JIT, GC, OTHER, PROCESS, MACHINE, OTHER_PROCESSES);

  /** Linux's USER_HZ: /proc reports CPU time in these ticks. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private static final Set<String> JVM_HOUSEKEEPING =
      Set.of(
          "Reference Handler",
          "Finalizer",
          "Signal Dispatcher",
          "Common-Cleaner",
          "Notification Thread",
          "Attach Listener",
          "process reaper",
          "Service Thread",
          "Monitor Deflation Thread",
          "Sweeper thread");

  /** One instant's counters. */
  record Snapshot(
      long wallNanos,
      Map<Long, String> javaNames,
      Map<Long, Long> javaCpu,
      Map<String, Long> nativeCpu,
      long processCpu,
      long machineBusy) {}

  private CoreUsage() {}

  static Snapshot take() {
    long wall = System.nanoTime();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, String> names = new HashMap<>();
    Map<Long, Long> cpu = new HashMap<>();
    if (threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long t = threads.getThreadCpuTime(info.getThreadId());
        if (t >= 0) {
          names.put(info.getThreadId(), info.getThreadName());
          cpu.put(info.getThreadId(), t);
        }
      }
    }
    return new Snapshot(wall, names, cpu, nativeThreads(), processCpu(), machineBusy());
  }

  /**
   * Cores per group between two snapshots. {@code app} names the application under test: its
   * threads carry its application id in their names.
   */
  static Map<String, Double> between(Snapshot from, Snapshot to, String app) {
    double wall = Math.max(1, to.wallNanos() - from.wallNanos());
    Map<String, Long> nanos = new LinkedHashMap<>();
    GROUPS.forEach(g -> nanos.put(g, 0L));
    long javaTotal = 0;
    for (Map.Entry<Long, Long> e : to.javaCpu().entrySet()) {
      String name = to.javaNames().get(e.getKey());
      if (name.contains("CompilerThread")) {
        continue; // counted from /proc, as the other native threads
      }
      long delta = e.getValue() - from.javaCpu().getOrDefault(e.getKey(), 0L);
      if (!name.equals(from.javaNames().getOrDefault(e.getKey(), name))) {
        delta = e.getValue(); // an id reused by a new thread
      }
      delta = Math.max(0, delta);
      nanos.merge(javaGroup(name, app), delta, Long::sum);
      javaTotal += delta;
    }
    long nativeTotal = 0;
    for (Map.Entry<String, Long> e : to.nativeCpu().entrySet()) {
      long delta = Math.max(0, e.getValue() - from.nativeCpu().getOrDefault(e.getKey(), 0L));
      nanos.merge(nativeGroup(e.getKey()), delta, Long::sum);
      nativeTotal += delta;
    }
    long process = Math.max(0, to.processCpu() - from.processCpu());
    nanos.put(PROCESS, process);
    // Threads that ended inside the window, the VM thread, and whatever else is not named above.
    nanos.merge(OTHER, Math.max(0, process - javaTotal - nativeTotal), Long::sum);
    long machine = Math.max(0, to.machineBusy() - from.machineBusy());
    nanos.put(MACHINE, machine);
    nanos.put(OTHER_PROCESSES, Math.max(0, machine - process));
    Map<String, Double> cores = new LinkedHashMap<>();
    nanos.forEach((group, n) -> cores.put(group, Math.round(n / wall * 1000) / 1000.0));
    return cores;
  }

  /**
   * The same, plus one figure per instance of the app when several run in this JVM: {@code
   * instances} maps a label (the figure's key) to a fragment of that instance's threads' names (its
   * client id). Only Java threads can be told apart: RocksDB's native threads and the metrics
   * servers of all instances are in {@code app} alone.
   */
  static Map<String, Double> between(
      Snapshot from, Snapshot to, String app, Map<String, String> instances) {
    Map<String, Double> cores = between(from, to, app);
    double wall = Math.max(1, to.wallNanos() - from.wallNanos());
    instances.forEach(
        (label, fragment) -> {
          long nanos = 0;
          for (Map.Entry<Long, Long> e : to.javaCpu().entrySet()) {
            String name = to.javaNames().get(e.getKey());
            if (name.contains(fragment)) {
              boolean sameThread = name.equals(from.javaNames().get(e.getKey()));
              long before = sameThread ? from.javaCpu().getOrDefault(e.getKey(), 0L) : 0L;
              nanos += Math.max(0, e.getValue() - before);
            }
          }
          cores.put(label, Math.round(nanos / wall * 1000) / 1000.0);
        });
    return cores;
  }

  static String javaGroup(String name, String app) {
    if (name.equals("main")
        || name.startsWith("bench-")
        || name.contains(LiveSession.HARNESS_CLIENT)) {
      return HARNESS;
    }
    if (name.contains(app)
        || name.startsWith("vigil-streams-metrics")
        || name.startsWith("prometheus-http")
        || name.equals("HTTP-Dispatcher")) {
      return APP;
    }
    if (JVM_HOUSEKEEPING.contains(name)) {
      return OTHER;
    }
    return BROKER;
  }

  /** Only the threads Java does not list; the rest come from ThreadMXBean. */
  private static String nativeGroup(String key) {
    String comm = key.substring(key.indexOf(':') + 1);
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return JIT;
    }
    if (comm.startsWith("rocksdb")) {
      return APP;
    }
    return GC;
  }

  private static boolean isNative(String comm) {
    return comm.startsWith("C1 Compiler")
        || comm.startsWith("C2 Compiler")
        || comm.startsWith("GC Thread")
        || comm.startsWith("G1 ")
        || comm.startsWith("rocksdb");
  }

  /** tid:comm → CPU nanos of the native threads {@link #isNative} picks; empty off Linux. */
  private static Map<String, Long> nativeThreads() {
    Map<String, Long> cpu = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return cpu;
    }
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) list::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String comm = stat.substring(open + 1, close);
          if (!isNative(comm)) {
            continue;
          }
          String[] fields = stat.substring(close + 2).split(" ");
          // fields[0] is the state (field 3 of stat); utime and stime are fields 14 and 15.
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          cpu.put(task.getFileName() + ":" + comm, ticks * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
          // The thread ended between the listing and the read.
        }
      }
    } catch (IOException e) {
      return cpu;
    }
    return cpu;
  }

  private static long processCpu() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return Math.max(0, sun.getProcessCpuTime());
    }
    return 0;
  }

  /** Busy CPU nanos of the whole machine since boot (all cores), from /proc/stat; 0 off Linux. */
  private static long machineBusy() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
      String[] f = line.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 7; i++) {
        if (i != 4 && i != 5) { // idle, iowait (steal, 8, is not ours either)
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The 1-minute load average, or -1 where the system does not tell. */
  static double loadAverage() {
    return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100)
        / 100.0;
  }
}
