package dev.vigil.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

  @Test
  void commaSeparatedUrlsInOrder() {
    RegistryClientConfig config =
        RegistryClientConfig.from(
            Map.of("schema.registry.url", "http://sr-1:8081, http://sr-2:8081/,https://sr-3"));

    assertThat(config.urls())
        .containsExactly(
            URI.create("http://sr-1:8081"),
            URI.create("http://sr-2:8081/"),
            URI.create("https://sr-3"));
    assertThat(config.isMock()).isFalse();
    assertThat(config.userInfo()).isEmpty();
    assertThat(config.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(config.latestCacheTtl()).isEmpty();
  }

  @Test
  void urlListsAreAcceptedToo() {
    RegistryClientConfig config =
        RegistryClientConfig.from(
            Map.of("schema.registry.url", List.of("http://a:1", "http://b:2")));

    assertThat(config.urls()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
  }

  @Test
  void mockScope() {
    RegistryClientConfig config =
        RegistryClientConfig.from(Map.of("schema.registry.url", "mock://demo"));

    assertThat(config.isMock()).isTrue();
    assertThat(config.mockScope()).isEqualTo("demo");
  }

  @Test
  void userInfoSource() {
    RegistryClientConfig config =
        RegistryClientConfig.from(
            Map.of(
                "schema.registry.url", "http://sr:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "vigil:s3cret"));

    assertThat(config.userInfo()).contains("vigil:s3cret");
  }

  @Test
  void userInfoUnderTheSchemaRegistryPrefix() {
    RegistryClientConfig config =
        RegistryClientConfig.from(
            Map.of(
                "schema.registry.url", "http://sr:8081",
                "schema.registry.basic.auth.credentials.source", "USER_INFO",
                "schema.registry.basic.auth.user.info", "vigil:s3cret"));

    assertThat(config.userInfo()).contains("vigil:s3cret");
  }

  @Test
  void urlSourceTakesTheCredentialsOutOfTheUrl() {
    RegistryClientConfig config =
        RegistryClientConfig.from(Map.of("schema.registry.url", "http://vigil:s3cret@sr:8081/api"));

    assertThat(config.userInfo()).contains("vigil:s3cret");
    assertThat(config.urls()).containsExactly(URI.create("http://sr:8081/api"));
  }

  @Test
  void retryAndTimeoutKeys() {
    RegistryClientConfig config =
        RegistryClientConfig.from(
            Map.of(
                "schema.registry.url", "http://sr:8081",
                "max.retries", "5",
                "retries.wait.ms", 10,
                "retries.max.wait.ms", 40L,
                "http.connect.timeout.ms", "1500",
                "http.read.timeout.ms", "2500",
                "latest.cache.ttl.sec", "30"));

    assertThat(config.retry())
        .isEqualTo(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(40)));
    assertThat(config.retry().waitBefore(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(config.retry().waitBefore(2)).isEqualTo(Duration.ofMillis(20));
    assertThat(config.retry().waitBefore(5)).isEqualTo(Duration.ofMillis(40));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.latestCacheTtl()).isEqualTo(Optional.of(Duration.ofSeconds(30)));
  }

  @Test
  void badInputNamesWhatIsWrong() {
    assertThatThrownBy(() -> RegistryClientConfig.from(Map.of()))
        .hasMessageContaining("missing required configuration 'schema.registry.url'");
    assertThatThrownBy(() -> RegistryClientConfig.from(Map.of("schema.registry.url", "sr:8081")))
        .hasMessageContaining("'sr:8081' must start with http://, https:// or mock://");
    assertThatThrownBy(
            () -> RegistryClientConfig.from(Map.of("schema.registry.url", "mock://a,http://b")))
        .hasMessageContaining("mixes mock:// and real registries");
    assertThatThrownBy(
            () ->
                RegistryClientConfig.from(
                    Map.of(
                        "schema.registry.url",
                        "http://sr",
                        "basic.auth.credentials.source",
                        "USER_INFO")))
        .hasMessageContaining("needs 'basic.auth.user.info'");
    assertThatThrownBy(
            () ->
                RegistryClientConfig.from(
                    Map.of(
                        "schema.registry.url",
                        "http://sr",
                        "basic.auth.credentials.source",
                        "SASL_INHERIT")))
        .hasMessageContaining("'SASL_INHERIT' is not supported");
    assertThatThrownBy(
            () ->
                RegistryClientConfig.from(
                    Map.of("schema.registry.url", "http://sr", "max.retries", "many")))
        .hasMessageContaining("'max.retries' must be a whole number, got 'many'");
    assertThatThrownBy(
            () ->
                RegistryClientConfig.from(
                    Map.of("schema.registry.url", "http://sr", "max.retries", "-1")))
        .hasMessageContaining("max.retries must be >= 0");
  }
}
