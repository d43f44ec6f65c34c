package dev.vigil.serde.registry;

import java.time.Clock;
import java.util.Map;

/** Builds the client a serde configuration asks for. */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * A cached client over the in-memory registry for {@code mock://scope}, else over the REST client
   * for every listed URL. The mock is cached too, so the demo's hot path costs what production's
   * does.
   */
  public static SchemaRegistryClient create(RegistryClientConfig config) {
    SchemaRegistryClient registry =
        config.isMock()
            ? MockSchemaRegistry.forScope(config.mockScope())
            : new RestSchemaRegistryClient(config);
    return new CachingSchemaRegistryClient(registry, config.latestCacheTtl(), Clock.systemUTC());
  }

  /** {@link #create(RegistryClientConfig)} from a Kafka serde configuration map. */
  public static SchemaRegistryClient create(Map<String, ?> config) {
    return create(RegistryClientConfig.from(config));
  }
}
