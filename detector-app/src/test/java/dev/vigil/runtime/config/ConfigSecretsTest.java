package dev.vigil.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigSecretsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ssl.key.password",
        "ssl.keystore.password",
        "ssl.truststore.password",
        "ssl.keystore.key",
        "sasl.jaas.config",
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "basic.auth.user.info",
        "vigil.schema.registry.basic.auth.user.info",
        "vigil.webhook.secret",
        "sasl.oauthbearer.client.credentials.client.secret",
        "sasl.oauthbearer.assertion.private.key.passphrase",
        "sasl.oauthbearer.client.credentials",
        "my.plugin.access.token",
        "my.plugin.api_key",
        "producer.ssl.key.password"
      })
  void keysThatNameASecretAreMaskedWhatever(String key) {
    assertThat(ConfigSecrets.isSecret(key)).isTrue();
    assertThat(ConfigSecrets.mask(key, "hunter2")).isEqualTo("****");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vigil.topic.token.events",
        "key.serializer",
        "basic.auth.credentials.source",
        "vigil.schema.registry.basic.auth.credentials.source",
        "sasl.oauthbearer.token.endpoint.url",
        "ssl.keystore.location",
        "ssl.keystore.type",
        "sasl.oauthbearer.assertion.private.key.file",
        "bootstrap.servers"
      })
  void otherKeysAreShown(String key) {
    assertThat(ConfigSecrets.isSecret(key)).isFalse();
    assertThat(ConfigSecrets.mask(key, "plain")).isEqualTo("plain");
  }

  @Test
  void credentialsInUrlsAreMaskedInAnyValue() {
    assertThat(
            ConfigSecrets.mask(
                "vigil.schema.registry.url",
                "https://vigil:s3cret@registry-1:8081,http://u@registry-2:8081/path?x=a@b"))
        .isEqualTo("https://****@registry-1:8081,http://****@registry-2:8081/path?x=a@b");
    assertThat(ConfigSecrets.maskUrlCredentials("SASL_SSL://kafka-1:9093"))
        .isEqualTo("SASL_SSL://kafka-1:9093");
    assertThat(ConfigSecrets.mask("any.note", "see https://a:b@host/ and mailto:x@y"))
        .isEqualTo("see https://****@host/ and mailto:x@y");
  }

  @Test
  void describeAndErrorsUseTheOneRule() {
    VigilConfig config =
        VigilConfig.builder()
            .environment(
                Map.of(
                    "VIGIL_SCHEMA_REGISTRY_URL", "https://vigil:s3cret@registry:8081",
                    "VIGIL_WEBHOOK_SECRET", "whsec-123"))
            .commandLine("sasl.oauthbearer.assertion.private.key.passphrase", "pp-456")
            .build();

    assertThat(config.describe())
        .contains(
            "vigil.schema.registry.url = https://****@registry:8081 (env VIGIL_SCHEMA_REGISTRY_URL)",
            "vigil.webhook.secret = **** (env VIGIL_WEBHOOK_SECRET)",
            "sasl.oauthbearer.assertion.private.key.passphrase = **** (command line)")
        .noneMatch(
            line -> line.contains("s3cret") || line.contains("whsec") || line.contains("pp-456"));
    assertThat(config.display("vigil.schema.registry.url")).isEqualTo("https://****@registry:8081");
  }
}
