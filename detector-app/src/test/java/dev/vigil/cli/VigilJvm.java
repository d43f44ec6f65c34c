package dev.vigil.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code vigil} in a JVM of its own, as an operator would, on this test run's classpath. */
public final class VigilJvm {

  private VigilJvm() {}

  /** {@code java [jvmOptions] -cp <classpath> VigilCli args...}. */
  public static ProcessBuilder command(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(jvmOptions);
    command.add(VigilCli.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
