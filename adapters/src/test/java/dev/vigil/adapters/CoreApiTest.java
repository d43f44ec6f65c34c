package dev.vigil.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.adapters.common.SecretShapes;
import dev.vigil.adapters.common.Times;
import dev.vigil.adapters.common.UserAgents;
import dev.vigil.adapters.enrich.NetworkEnricher;
import dev.vigil.adapters.enrich.NetworkInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces every adapter relies on: registry, results, fingerprints, times, scrubbing. */
class CoreApiTest {

  @Test
  void theRegistryListsEverySourceInOnePlace() {
    assertThat(SourceAdapters.names())
        .containsExactly("cloudtrail", "kubernetes", "vault", "github", "okta", "entra", "mcp");
    for (String name : SourceAdapters.names()) {
      SourceAdapter adapter = SourceAdapters.byName(name);
      assertThat(adapter.source()).isEqualTo(name);
      assertThat(adapter.rawTopic()).isEqualTo("raw." + name);
    }
    assertThat(SourceAdapters.byName(" CloudTrail ").source()).isEqualTo("cloudtrail");
    assertThatThrownBy(() -> SourceAdapters.byName("splunk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown log source 'splunk'")
        .hasMessageContaining("cloudtrail, kubernetes, vault, github, okta, entra, mcp");
    NetworkEnricher enricher = address -> NetworkInfo.UNKNOWN;
    SourceAdapter enriching =
        SourceAdapters.byName("okta", AdapterConfig.defaults().withEnricher(enricher));
    assertThat(enriching.source()).isEqualTo("okta");
    assertThat(enriching.rawTopic()).isEqualTo("raw.okta");
  }

  @Test
  void resultsSayWhatHappened() {
    assertThat(AdapterResult.skipped(Reasons.NON_FINAL_STAGE).reason())
        .isEqualTo("non-final-stage");
    assertThat(AdapterResult.unmappable(Reasons.missingField("a.b")).reason())
        .isEqualTo("missing-field:a.b");
    assertThat(AdapterResult.unmappable("x").events()).isEmpty();
    assertThatThrownBy(() -> AdapterResult.mapped(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AdapterResult.skipped(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AdapterResult.skipped("x").withEvents(List.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fingerprintsAreKeyedStableAndNeverTheSecret() {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    TokenFingerprints a = TokenFingerprints.withKey(key);
    TokenFingerprints b = TokenFingerprints.withKey(key);
    TokenFingerprints other =
        TokenFingerprints.withKey("another-key-0123456789".getBytes(StandardCharsets.UTF_8));
    String secret = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    assertThat(a.fingerprint(secret)).matches("hmac:[0-9a-f]{32}").isEqualTo(b.fingerprint(secret));
    assertThat(other.fingerprint(secret)).isNotEqualTo(a.fingerprint(secret));
    assertThat(a.fingerprint(secret + "x")).isNotEqualTo(a.fingerprint(secret));
    assertThat(a.fingerprint(secret)).doesNotContain("ghp_");
    assertThat(a.sameToken(secret, secret)).isTrue();
    assertThat(a.fingerprint(" ")).isNull();
    assertThat(TokenFingerprints.disabled().fingerprint(secret)).isNull();
    assertThat(a.toString()).doesNotContain("0123456789abcdef");
    assertThatThrownBy(() -> TokenFingerprints.withKey(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vendorTimestampsAreReadToTheMillisecond() {
    assertThat(Times.parse("2024-08-02T08:23:24Z"))
        .isEqualTo(Instant.parse("2024-08-02T08:23:24Z"));
    assertThat(Times.parse("2024-12-01T13:00:00.1234567Z"))
        .isEqualTo(Instant.parse("2024-12-01T13:00:00.123Z"));
    assertThat(Times.parse("2024-12-01T09:10:02-07:00"))
        .isEqualTo(Instant.parse("2024-12-01T16:10:02Z"));
    assertThat(Times.parse("Jul 31, 2024, 8:07:33 PM"))
        .isEqualTo(Instant.parse("2024-07-31T20:07:33Z"));
    assertThat(Times.parse("Aug 1, 2024 1:33:28 PM"))
        .isEqualTo(Instant.parse("2024-08-01T13:33:28Z"));
    assertThat(Times.parse("1733044800123")).isEqualTo(Instant.ofEpochMilli(1733044800123L));
    assertThat(Times.parse("1733044800")).isEqualTo(Instant.ofEpochSecond(1733044800L));
    assertThat(Times.parse("2024-02-30T00:00:00Z")).isNull();
    assertThat(Times.parse("yesterday")).isNull();
  }

  @Test
  void secretShapesAreScrubbedFromFreeText() {
    assertThat(SecretShapes.scrub("kubectl/v1.31 (linux/amd64)"))
        .isEqualTo("kubectl/v1.31 (linux/amd64)");
    assertThat(SecretShapes.scrub("Authorization: Bearer abc.def.ghi-123"))
        .isEqualTo("Authorization: [REDACTED]");
    assertThat(SecretShapes.scrub("x eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig y"))
        .isEqualTo("x [REDACTED] y");
    assertThat(SecretShapes.scrub("t=ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"))
        .isEqualTo("t=[REDACTED]");
    assertThat(SecretShapes.scrub("hvs.CAESIPy1Sg4nD2qF0sZyrT8kL3mJx7Wv9Qe"))
        .isEqualTo("[REDACTED]");
    assertThat(SecretShapes.scrub("s.Tqz8Qm1bX2fK7uVw9RyPn0sL")).isEqualTo("[REDACTED]");
    assertThat(SecretShapes.scrub("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD"))
        .isEqualTo("[REDACTED]");
    // Access key ids are token ids, not secrets.
    assertThat(SecretShapes.scrub("ASIAP5CT9NN8EYVU1FXV")).isEqualTo("ASIAP5CT9NN8EYVU1FXV");
  }

  @Test
  void userAgentFamilies() {
    assertThat(UserAgents.family("aws-cli/2.15.0 Python/3.11.6 Linux/6.1")).isEqualTo("aws-cli");
    assertThat(UserAgents.family("[aws-sdk-java/2.25.0 Linux/6.1]")).isEqualTo("aws-sdk-java");
    assertThat(UserAgents.family("Boto3/1.34.0 md/Botocore#1.34.0")).isEqualTo("boto3");
    assertThat(UserAgents.family("stratus-red-team_c763d13b")).isEqualTo("stratus-red-team");
    assertThat(UserAgents.family(" ")).isNull();
  }
}
