package dev.vigil.tools.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One detector instance as a child JVM, started the way production starts it ({@code vigil run} in
 * a process of its own) and killed the way production loses it: SIGKILL, no shutdown hook, no
 * commit, no leaving the group. Its output is appended to a log file of its own.
 */
final class ChildDetector {

  /**
   * The CLI's main class. A name, not a class reference: the command line sits above the tools and
   * the tools do not depend on it; {@code SoakCommandTest} checks the name against the class.
   */
  static final String MAIN_CLASS = "dev.vigil.cli.VigilCli";

  /** How a JVM killed by SIGKILL (signal 9) exits, as {@link Process#exitValue()} reports it. */
  static final int SIGKILL_EXIT = 128 + 9;

  private final String name;
  private final List<String> command;
  private final Path log;
  private volatile Process process;
  private int starts;

  ChildDetector(String name, List<String> command, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
  }

  /**
   * The command line of a child JVM running {@code vigil run} with {@code runArgs}: this JVM's own
   * {@code java} and class path, so the child runs exactly the code of this soak.
   */
  static List<String> javaCommand(List<String> jvmOptions, List<String> runArgs) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MAIN_CLASS);
    cmd.add("run");
    cmd.addAll(runArgs);
    return cmd;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** The last line {@code vigil run} wrote about itself in the log, or {@code null}. */
  String lastWords() {
    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(log)) {
      return lines.filter(l -> l.startsWith("vigil run: ")).reduce((a, b) -> b).orElse(null);
    } catch (IOException | java.io.UncheckedIOException e) {
      return null;
    }
  }

  /** Starts (or starts again) the process. */
  synchronized void start() {
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      starts++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start detector instance " + name, e);
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** The exit code of a process that ended, or {@code null} while it runs. */
  synchronized Integer exitCode() {
    return process == null || process.isAlive() ? null : process.exitValue();
  }

  synchronized int starts() {
    return starts;
  }

  /**
   * SIGKILL: {@link Process#destroyForcibly()} sends signal 9 on Linux and macOS. Waits until the
   * process is gone and returns its exit code, {@link #SIGKILL_EXIT} when it was the signal that
   * ended it.
   */
  synchronized int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("detector instance " + name + " survived SIGKILL for 60 s");
    }
    return process.exitValue();
  }

  /** SIGKILL without waiting, for a soak that is being stopped itself. */
  void killQuietly() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  /** SIGTERM, as an orchestrator stops a pod: the detector commits and leaves its group. */
  synchronized void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
