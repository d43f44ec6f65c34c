package dev.vigil.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * How a serializer names the registry subject a schema is registered under, as Confluent's {@code
 * key.subject.name.strategy} / {@code value.subject.name.strategy} do. Configuration accepts the
 * simple names ({@code TopicNameStrategy}), Confluent's class names ({@code
 * io.confluent.kafka.serializers.subject.TopicNameStrategy}) and the constant names here.
 */
public enum SubjectNameStrategy {

  /**
   * {@code <topic>-key} / {@code <topic>-value}: one schema (and its versions) per topic.
   * Confluent's default.
   */
  TOPIC_NAME("TopicNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return topic + (isKey ? "-key" : "-value");
    }
  },
  /** The record's full name: one subject per record type, whichever topic carries it. */
  RECORD_NAME("RecordNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return schema.getFullName();
    }
  },
  /**
   * {@code <topic>-<record full name>}: several record types per topic, each evolving on its own.
   */
  TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return topic + "-" + schema.getFullName();
    }
  };

  private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

  private final String confluentName;

  SubjectNameStrategy(String confluentName) {
    this.confluentName = confluentName;
  }

  public abstract String subject(String topic, boolean isKey, Schema schema);

  /** The name Confluent's configuration uses for this strategy. */
  public String confluentClassName() {
    return CONFLUENT_PACKAGE + confluentName;
  }

  /** Reads a configured strategy: a name as above, or a {@link Class} whose simple name is one. */
  public static SubjectNameStrategy fromConfig(String key, Object value) {
    if (value == null) {
      return TOPIC_NAME;
    }
    if (value instanceof SubjectNameStrategy) {
      return (SubjectNameStrategy) value;
    }
    String text =
        value instanceof Class<?> ? ((Class<?>) value).getName() : value.toString().strip();
    String simple = text.substring(text.lastIndexOf('.') + 1);
    for (SubjectNameStrategy strategy : values()) {
      if (strategy.confluentName.equals(simple)
          || strategy.name().equals(text.toUpperCase(Locale.ROOT))) {
        return strategy;
      }
    }
    throw new IllegalArgumentException(
        "configuration '"
            + key
            + "' names unknown subject name strategy '"
            + text
            + "': use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
  }
}
