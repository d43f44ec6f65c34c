package dev.vigil.serde.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry 3.x server for tests: the ready-built Quarkus app from Maven Central
 * ({@code io.apicurio:apicurio-registry-app}, tar.gz, classifier {@code all}), unpacked by the
 * build into the directory named by system property {@value #HOME_PROPERTY}. It keeps data in
 * memory, serves Confluent's API at {@link #confluentApiUrl()}, and enforces BACKWARD compatibility
 * globally.
 *
 * <p>{@link #shared()} starts one server per JVM on first use (about 5 s) and stops it when the JVM
 * exits, so every test class of a module shares it. Tests should use subjects of their own (e.g.
 * with a random suffix), as they all see the same registry.
 *
 * <p>Another module uses it by depending on {@code dev.vigil:event-schemas} with type {@code
 * test-jar} (scope test), setting the Maven property {@code apicurio.unpack.skip} to {@code false}
 * and declaring {@code maven-dependency-plugin} in its build: the parent pom's execution {@code
 * unpack-apicurio-registry} then unpacks the server into {@code
 * target/apicurio-registry-<version>}, and the parent's surefire and failsafe configuration pass
 * that directory as {@value #HOME_PROPERTY}. The Java 21+ runtime is found by {@link JavaRuntimes}.
 */
public final class ApicurioRegistry implements AutoCloseable {

  /** Directory holding the unpacked server ({@code quarkus-run.jar}). */
  public static final String HOME_PROPERTY = "vigil.apicurio.home";

  private static final String DEFAULT_HOME = "target/apicurio-registry-3.3.3";
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);

  private static ApicurioRegistry shared;

  private final Process process;
  private final String baseUrl;
  private final Path log;

  private ApicurioRegistry(Process process, String baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /** The JVM-wide server, started on first call and stopped by a shutdown hook. */
  public static synchronized ApicurioRegistry shared() {
    if (shared == null) {
      ApicurioRegistry started = start(home());
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "apicurio-registry-stop"));
      shared = started;
    }
    return shared;
  }

  /**
   * Starts a server of its own from the unpacked distribution in {@code home}; the caller closes
   * it.
   */
  public static ApicurioRegistry start(Path home) {
    Path runner = home.resolve("quarkus-run.jar");
    if (!Files.isRegularFile(runner)) {
      throw new IllegalStateException(
          "Apicurio Registry is not unpacked at "
              + home.toAbsolutePath()
              + " (no quarkus-run.jar): run the tests through Maven, whose maven-dependency-plugin execution"
              + " 'unpack-apicurio-registry' unpacks it, or set -D"
              + HOME_PROPERTY);
    }
    Path java = JavaRuntimes.javaOfAtLeast(21);
    int[] ports = freePorts();
    int httpPort = ports[0];
    int managementPort = ports[1];
    Path log = home.toAbsolutePath().getParent().resolve("apicurio-registry-" + httpPort + ".log");
    List<String> command =
        List.of(
            java.toString(),
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + httpPort,
            "-Dquarkus.management.host=127.0.0.1",
            "-Dquarkus.management.port=" + managementPort,
            "-Dapicurio.rules.global.compatibility=BACKWARD",
            "-jar",
            runner.toAbsolutePath().toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Apicurio Registry with " + command, e);
    }
    ApicurioRegistry registry = new ApicurioRegistry(process, "http://127.0.0.1:" + httpPort, log);
    registry.awaitReady();
    return registry;
  }

  /** The server's root, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Confluent's Schema Registry API, the value for {@code schema.registry.url}. */
  public String confluentApiUrl() {
    return baseUrl + "/apis/ccompat/v7";
  }

  /** The server's console output. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/subjects"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Apicurio Registry exited with "
                + process.exitValue()
                + " during startup; its log:\n"
                + tail());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
      }
      sleep(200);
    }
    close();
    throw new IllegalStateException(
        "Apicurio Registry did not answer at "
            + confluentApiUrl()
            + " within "
            + STARTUP_LIMIT.toSeconds()
            + " s; its log:\n"
            + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  private static Path home() {
    return Paths.get(System.getProperty(HOME_PROPERTY, DEFAULT_HOME));
  }

  /**
   * Two distinct free ports: both sockets are held open together so the OS cannot hand out one
   * twice.
   */
  private static int[] freePorts() {
    try (ServerSocket http = new ServerSocket(0);
        ServerSocket management = new ServerSocket(0)) {
      return new int[] {http.getLocalPort(), management.getLocalPort()};
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for Apicurio Registry", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
