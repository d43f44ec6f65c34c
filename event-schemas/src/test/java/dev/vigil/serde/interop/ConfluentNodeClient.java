package dev.vigil.serde.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Confluent's own Schema Registry client for Node.js ({@code @confluentinc/schemaregistry}),
 * installed with npm into {@code target/confluent-node-client} on first use, driven through a small
 * script (test resource {@code interop/confluent-client.js}).
 */
final class ConfluentNodeClient {

  private static final Path HOME = Paths.get("target", "confluent-node-client").toAbsolutePath();
  private static final Duration INSTALL_LIMIT = Duration.ofMinutes(5);
  private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String registryUrl;

  private ConfluentNodeClient(String registryUrl) {
    this.registryUrl = registryUrl;
  }

  /**
   * Installs the package (once per build directory) and returns a client for {@code registryUrl}.
   */
  static synchronized ConfluentNodeClient install(String registryUrl) {
    copyResource("package.json");
    copyResource("confluent-client.js");
    if (!Files.isRegularFile(
        HOME.resolve("node_modules/@confluentinc/schemaregistry/package.json"))) {
      run(
          List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"),
          null,
          INSTALL_LIMIT);
    }
    return new ConfluentNodeClient(registryUrl);
  }

  /** Deserializes a Confluent wire-format payload; returns the record as JSON. */
  String read(String topic, byte[] payload) {
    return run(
        List.of("node", "confluent-client.js", "read", registryUrl, topic, hex(payload)),
        null,
        RUN_LIMIT);
  }

  /**
   * Registers {@code schemaJson} under the topic's value subject and serializes {@code messageJson}
   * with it.
   */
  byte[] write(String topic, String schemaJson, String messageJson) {
    ObjectNode input = JSON.createObjectNode();
    input.put("schema", schemaJson);
    try {
      input.set("message", JSON.readTree(messageJson));
    } catch (IOException e) {
      throw new IllegalArgumentException("message is not JSON: " + messageJson, e);
    }
    return unhex(
        run(
                List.of("node", "confluent-client.js", "write", registryUrl, topic),
                input.toString(),
                RUN_LIMIT)
            .strip());
  }

  private static String run(List<String> command, String stdin, Duration limit) {
    try {
      Process process = new ProcessBuilder(command).directory(HOME.toFile()).start();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(
            command
                + " did not finish within "
                + limit.toSeconds()
                + " s; it printed:\n"
                + out.join()
                + "\n"
                + err.join());
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command + " exited with " + process.exitValue() + ":\n" + err.join());
      }
      return out.join();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command + " (are node and npm installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static void copyResource(String name) {
    try (InputStream in = ConfluentNodeClient.class.getResourceAsStream("/interop/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource interop/" + name + " is missing");
      }
      Files.createDirectories(HOME);
      Files.copy(in, HOME.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy interop/" + name + " to " + HOME, e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] unhex(String hex) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the Node client printed no hex payload: '" + hex + "'", e);
    }
  }
}
