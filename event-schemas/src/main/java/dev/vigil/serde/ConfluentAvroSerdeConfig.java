package dev.vigil.serde;

import dev.vigil.serde.registry.RegistryClientConfig;
import java.util.Map;

/**
 * The serde part of a Confluent-style configuration: {@code auto.register.schemas} (default true),
 * {@code use.latest.version} (default false), {@code specific.avro.reader} (default false) and the
 * subject name strategy for keys or values. The registry keys are read by {@link
 * RegistryClientConfig}.
 */
public record ConfluentAvroSerdeConfig(
    boolean autoRegisterSchemas,
    boolean useLatestVersion,
    boolean specificAvroReader,
    SubjectNameStrategy subjectNameStrategy) {

  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  public static ConfluentAvroSerdeConfig from(Map<String, ?> config, boolean isKey) {
    String strategyKey = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
    return new ConfluentAvroSerdeConfig(
        flag(config, AUTO_REGISTER_SCHEMAS, true),
        flag(config, USE_LATEST_VERSION, false),
        flag(config, SPECIFIC_AVRO_READER, false),
        SubjectNameStrategy.fromConfig(strategyKey, config.get(strategyKey)));
  }

  private static boolean flag(Map<String, ?> config, String key, boolean fallback) {
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    String text = value.toString().strip();
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "configuration '" + key + "' must be true or false, got '" + value + "'");
  }
}
