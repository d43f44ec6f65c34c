package dev.vigil.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets read from files through Kafka's config providers, in any layer. */
class ConfigReferencesTest {

  @TempDir Path dir;

  @Test
  void aMountedSecretDirectoryFillsVigilAndKafkaSettings() throws Exception {
    Path secrets = Files.createDirectory(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("webhook-secret"), "whsec-from-a-file");
    Files.writeString(secrets.resolve("sasl-password"), "pw-from-a-file");
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(
        file,
        "kafka:\n"
            + "  sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule"
            + " required username=\"vigil\" password=\"${dir:"
            + secrets
            + ":sasl-password}\";\n");

    VigilConfig config =
        VigilConfig.builder()
            .file(file)
            .environment(Map.of("VIGIL_WEBHOOK_SECRET", "${dir:" + secrets + ":webhook-secret}"))
            .build();

    assertThat(config.get("vigil.webhook.secret")).contains("whsec-from-a-file");
    assertThat(config.kafkaSettings().get("sasl.jaas.config"))
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil\""
                + " password=\"pw-from-a-file\";");
    assertThat(config.origin("vigil.webhook.secret"))
        .contains(Origin.environment("VIGIL_WEBHOOK_SECRET"));
    assertThat(config.describe()).noneMatch(line -> line.contains("from-a-file"));
  }

  @Test
  void aPropertiesFileServesKeysByName() throws Exception {
    Path properties = dir.resolve("secrets.properties");
    Files.writeString(properties, "truststore.password=tpw\nuser.info=vigil:rpw\n");

    VigilConfig config =
        VigilConfig.builder()
            .commandLine(
                "ssl.truststore.password", "${file:" + properties + ":truststore.password}")
            .commandLine(
                "vigil.schema.registry.basic.auth.user.info",
                "${file:" + properties + ":user.info}")
            .build();

    assertThat(config.kafkaSettings()).containsEntry("ssl.truststore.password", "tpw");
    assertThat(config.serdeConfig()).containsEntry("basic.auth.user.info", "vigil:rpw");
  }

  @Test
  void aReferenceThatCannotBeResolvedNamesTheSettingAndItsOrigin() throws Exception {
    Path properties = dir.resolve("secrets.properties");
    Files.writeString(properties, "other=x\n");

    assertThatThrownBy(
            () ->
                VigilConfig.builder()
                    .environment(Map.of("VIGIL_WEBHOOK_SECRET", "${dir:" + dir + ":no-such-file}"))
                    .build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining("vigil.webhook.secret (from env VIGIL_WEBHOOK_SECRET)")
        .hasMessageContaining("${dir:" + dir + ":no-such-file}");
    assertThatThrownBy(
            () ->
                VigilConfig.builder()
                    .commandLine("ssl.key.password", "${file:" + properties + ":missing}")
                    .build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining("ssl.key.password (from command line)")
        .hasMessageContaining("no key 'missing'");
    assertThatThrownBy(
            () ->
                VigilConfig.builder()
                    .commandLine("ssl.key.password", "${vault:secret/vigil:password}")
                    .build())
        .isInstanceOf(VigilConfigException.class)
        .hasMessageContaining("unknown config provider 'vault'")
        .hasMessageContaining("config.providers");
  }

  @Test
  void providersDeclaredTheKafkaWayAreUsedAndNotPassedToClients() throws Exception {
    Path properties = dir.resolve("secrets.properties");
    Files.writeString(properties, "password=mine\n");

    VigilConfig config =
        VigilConfig.builder()
            .commandLine("config.providers", "mine")
            .commandLine(
                "config.providers.mine.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider")
            .commandLine("ssl.key.password", "${mine:" + properties + ":password}")
            .build();

    assertThat(config.kafkaSettings())
        .containsEntry("ssl.key.password", "mine")
        .doesNotContainKeys("config.providers", "config.providers.mine.class");
  }
}
