package dev.vigil.tools.revoke;

import dev.vigil.events.RevocationCommand;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value deserializer of the real consumer: Vigil's Confluent-wire Avro serde
 * ({@code dev.vigil.serde.ConfluentAvroSerde.specific(type, config, isKey)}, the contract-agreed
 * factory), configured with the Schema Registry settings.
 *
 * <p>Looked up by name because the serde lives in {@code event-schemas} and is built separately
 * from this tool; when it is absent the error says so instead of failing on the first record.
 */
public final class RegistryDeserializers {

  static final String SERDE_CLASS = "dev.vigil.serde.ConfluentAvroSerde";

  private RegistryDeserializers() {}

  @SuppressWarnings("unchecked")
  public static Deserializer<RevocationCommand> revocationCommands(Map<String, ?> registryConfig) {
    try {
      Class<?> serdes = Class.forName(SERDE_CLASS);
      Method specific = serdes.getMethod("specific", Class.class, Map.class, boolean.class);
      Serde<RevocationCommand> serde =
          (Serde<RevocationCommand>) specific.invoke(null, RevocationCommand.class, registryConfig, false);
      return serde.deserializer();
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalStateException(
          SERDE_CLASS + ".specific(Class, Map, boolean) is not on the class path; this vigil.jar was built without the Schema Registry serde",
          e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "cannot configure the Schema Registry deserializer: " + e.getCause().getMessage(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + SERDE_CLASS + ".specific", e);
    }
  }
}
