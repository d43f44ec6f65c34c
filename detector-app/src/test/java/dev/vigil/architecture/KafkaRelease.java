package dev.vigil.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Kafka release on the class path, as its jars record it ({@code kafka/*-version.properties}),
 * for tests that guard Vigil's use of Kafka internals.
 */
public final class KafkaRelease {

  private KafkaRelease() {}

  /** The kafka-clients release; the broker and server modules come from the same release. */
  public static String clients() {
    return version("kafka/kafka-version.properties");
  }

  /** The kafka-streams release. */
  public static String streams() {
    return version("kafka/kafka-streams-version.properties");
  }

  private static String version(String resource) {
    try (InputStream in = KafkaRelease.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown (no " + resource + " on the class path)";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
