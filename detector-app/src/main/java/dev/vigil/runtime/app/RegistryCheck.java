package dev.vigil.runtime.app;

import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilKey;
import dev.vigil.runtime.topics.ClusterUnreachableException;
import dev.vigil.serde.registry.RegistryUnavailableException;
import dev.vigil.serde.registry.SchemaRegistryClient;
import dev.vigil.serde.registry.SchemaRegistryClients;
import dev.vigil.serde.registry.SchemaRegistryException;
import java.util.HashMap;
import java.util.Map;

/**
 * Before the detector reports ready: the Schema Registry it will decode every event with answers,
 * and it is one that producers can reach too. A registry that cannot be reached would stall every
 * stream thread; an in-memory {@code mock://} registry is private to this process, so events other
 * processes wrote with their own registry would all be dead-lettered.
 */
public final class RegistryCheck {

  /** The registry scheme that lives only inside one process. */
  public static final String IN_MEMORY = "mock://";

  private RegistryCheck() {}

  /** Whether the configured registry is an in-memory one. */
  public static boolean inMemory(VigilConfig config) {
    return config.schemaRegistryUrl().startsWith(IN_MEMORY);
  }

  /**
   * Asks the registry for a subject that does not exist: "not found" proves it answers.
   *
   * @throws ClusterUnreachableException naming the URL when it does not answer
   */
  public static void answers(VigilConfig config) {
    if (inMemory(config)) {
      return;
    }
    Map<String, Object> probeConfig = new HashMap<>(config.serdeConfig());
    // One round is enough to tell; a registry that is down is reported, not waited for.
    probeConfig.put("max.retries", 0);
    try (SchemaRegistryClient client = SchemaRegistryClients.create(probeConfig)) {
      client.latest("vigil-readiness-probe");
    } catch (RegistryUnavailableException e) {
      throw unreachable(config, e);
    } catch (SchemaRegistryException expected) {
      // It answered (the subject does not exist, or it refused us a listing): it is there.
    } catch (Exception e) {
      throw unreachable(config, e);
    }
  }

  private static ClusterUnreachableException unreachable(VigilConfig config, Exception e) {
    return new ClusterUnreachableException(
        "cannot reach the Schema Registry at "
            + config.display(VigilKey.SCHEMA_REGISTRY_URL.key())
            + ": "
            + e.getMessage(),
        e);
  }
}
