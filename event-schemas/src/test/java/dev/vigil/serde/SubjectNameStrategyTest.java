package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.TokenUseEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategyTest {

  @ParameterizedTest
  @CsvSource({
    "TopicNameStrategy, false, tool-use-value",
    "TopicNameStrategy, true, tool-use-key",
    "io.confluent.kafka.serializers.subject.TopicNameStrategy, false, tool-use-value",
    "RecordNameStrategy, false, dev.vigil.events.TokenUseEvent",
    "io.confluent.kafka.serializers.subject.RecordNameStrategy, true, dev.vigil.events.TokenUseEvent",
    "TopicRecordNameStrategy, false, tool-use-dev.vigil.events.TokenUseEvent",
    "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, true, tool-use-dev.vigil.events.TokenUseEvent",
    "topic_record_name, false, tool-use-dev.vigil.events.TokenUseEvent"
  })
  void namesSubjectsAsConfluentDoes(String configured, boolean isKey, String subject) {
    SubjectNameStrategy strategy =
        SubjectNameStrategy.fromConfig("value.subject.name.strategy", configured);

    assertThat(strategy.subject("tool-use", isKey, TokenUseEvent.getClassSchema()))
        .isEqualTo(subject);
  }

  @Test
  void defaultsToTopicNameStrategy() {
    assertThat(ConfluentAvroSerdeConfig.from(Map.of(), false).subjectNameStrategy())
        .isEqualTo(SubjectNameStrategy.TOPIC_NAME);
  }

  @Test
  void readsTheKeyOrValueStrategyByRole() {
    Map<String, Object> config =
        Map.of(
            "key.subject.name.strategy", "RecordNameStrategy",
            "value.subject.name.strategy", "TopicRecordNameStrategy");

    assertThat(ConfluentAvroSerdeConfig.from(config, true).subjectNameStrategy())
        .isEqualTo(SubjectNameStrategy.RECORD_NAME);
    assertThat(ConfluentAvroSerdeConfig.from(config, false).subjectNameStrategy())
        .isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
  }

  @Test
  void unknownStrategyIsRejectedWithTheKeyAndTheChoices() {
    assertThatThrownBy(
            () ->
                ConfluentAvroSerdeConfig.from(
                    Map.of("value.subject.name.strategy", "com.acme.MyStrategy"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'value.subject.name.strategy'")
        .hasMessageContaining("com.acme.MyStrategy")
        .hasMessageContaining("TopicRecordNameStrategy");
  }

  @Test
  void booleanFlagsAcceptStringsAndRejectNonsense() {
    ConfluentAvroSerdeConfig config =
        ConfluentAvroSerdeConfig.from(
            Map.of(
                "auto.register.schemas",
                "FALSE",
                "use.latest.version",
                true,
                "specific.avro.reader",
                "true"),
            false);

    assertThat(config.autoRegisterSchemas()).isFalse();
    assertThat(config.useLatestVersion()).isTrue();
    assertThat(config.specificAvroReader()).isTrue();
    assertThatThrownBy(
            () -> ConfluentAvroSerdeConfig.from(Map.of("auto.register.schemas", "yes"), false))
        .hasMessageContaining("'auto.register.schemas' must be true or false, got 'yes'");
  }
}
