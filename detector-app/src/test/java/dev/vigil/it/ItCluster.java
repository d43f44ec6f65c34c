package dev.vigil.it;

import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.serde.registry.testing.ApicurioRegistry;

/**
 * The real infrastructure every integration test of this package shares: one embedded KRaft broker
 * and one Apicurio Registry per JVM, started on first use and stopped when the JVM exits. Tests
 * keep out of each other's way with their own topic prefix and application id ({@link ItScope}).
 */
final class ItCluster {

  private static EmbeddedKafka kafka;

  private ItCluster() {}

  static synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      EmbeddedKafka started = EmbeddedKafka.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "it-kafka-stop"));
      kafka = started;
    }
    return kafka;
  }

  /**
   * Confluent's Schema Registry API of the shared Apicurio Registry, for {@code
   * schema.registry.url}.
   */
  static String registryUrl() {
    return ApicurioRegistry.shared().confluentApiUrl();
  }
}
