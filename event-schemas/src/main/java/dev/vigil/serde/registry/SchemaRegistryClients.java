package dev.vigil.serde.registry;

import java.time.Clock;
import java.util.Map;

/** Builds the client a serde configuration asks for. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /** The in-memory registry for {@code mock://scope}, else a cached REST client over every listed URL. */
    public static SchemaRegistryClient create(RegistryClientConfig config) {
        if (config.isMock()) {
            return MockSchemaRegistry.forScope(config.mockScope());
        }
        return new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config), config.latestCacheTtl(), Clock.systemUTC());
    }

    /** {@link #create(RegistryClientConfig)} from a Kafka serde configuration map. */
    public static SchemaRegistryClient create(Map<String, ?> config) {
        return create(RegistryClientConfig.from(config));
    }
}
