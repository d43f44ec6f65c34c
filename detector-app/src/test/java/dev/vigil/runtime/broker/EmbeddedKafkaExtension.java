package dev.vigil.runtime.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded broker for the tests of one class: started before the class's own {@code BeforeAll}
 * methods (so they may create topics on it) and closed after its {@code AfterAll} methods. Register
 * it on a static field: {@code @RegisterExtension static final EmbeddedKafkaExtension kafka = new
 * EmbeddedKafkaExtension();}.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka = EmbeddedKafka.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }

  /** The running broker's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    if (kafka == null) {
      throw new IllegalStateException("the broker runs only while the test class does");
    }
    return kafka.bootstrapServers();
  }

  /** Creates {@code topics} and waits (generously: the machine may be loaded) until they exist. */
  public void createTopics(NewTopic... topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(List.of(topics)).all().get(60, TimeUnit.SECONDS);
    }
  }
}
