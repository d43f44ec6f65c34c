package dev.vigil.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingSchemaRegistryClientTest {

  private final String scope = "cache-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
  private final AtomicInteger latestCalls = new AtomicInteger();
  private final SchemaRegistryClient counting =
      new SchemaRegistryClient() {
        @Override
        public int register(String subject, Schema schema) {
          return registry.register(subject, schema);
        }

        @Override
        public RegisteredSchema lookup(String subject, Schema schema) {
          return registry.lookup(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
          return registry.schemaById(id);
        }

        @Override
        public RegisteredSchema latest(String subject) {
          latestCalls.incrementAndGet();
          return registry.latest(subject);
        }

        @Override
        public boolean isCompatible(String subject, Schema schema) {
          return registry.isCompatible(subject, schema);
        }
      };

  @AfterEach
  void drop() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void theLatestVersionIsFetchedAgainOnlyAfterItsTtl() {
    MutableClock clock = new MutableClock();
    CachingSchemaRegistryClient client =
        new CachingSchemaRegistryClient(counting, Optional.of(Duration.ofSeconds(60)), clock);
    registry.register("a-value", AuthEvent.getClassSchema());

    assertThat(client.latest("a-value").version()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(59));
    assertThat(client.latest("a-value").version()).isEqualTo(1);
    assertThat(latestCalls).hasValue(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(client.latest("a-value").version()).isEqualTo(1);
    assertThat(latestCalls).hasValue(2);
  }

  @Test
  void withoutTtlTheLatestVersionIsKeptForever() {
    MutableClock clock = new MutableClock();
    CachingSchemaRegistryClient client =
        new CachingSchemaRegistryClient(counting, Optional.empty(), clock);
    registry.register("a-value", AuthEvent.getClassSchema());

    client.latest("a-value");
    clock.advance(Duration.ofDays(365));
    client.latest("a-value");

    assertThat(latestCalls).hasValue(1);
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
