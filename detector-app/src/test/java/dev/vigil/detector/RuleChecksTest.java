package dev.vigil.detector;

import static dev.vigil.detector.fixtures.Events.from;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.Source;
import dev.vigil.rules.RuleExceptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleChecksTest {

  @Test
  void networkKeysCollapseChurnInsideOneNetwork() {
    assertThat(RuleChecks.networkKey(from("34.1.1.1", 15169L, "US"))).isEqualTo("asn:15169");
    assertThat(RuleChecks.networkKey(from("10.2.3.4", null, null))).isEqualTo("private");
    assertThat(RuleChecks.networkKey(from("192.168.1.1", null, null))).isEqualTo("private");
    assertThat(RuleChecks.networkKey(from("fd00::1", null, null))).isEqualTo("private");
    assertThat(RuleChecks.networkKey(from("203.0.113.7", null, null))).isEqualTo("ip4:203.0.113/24");
    assertThat(RuleChecks.networkKey(from("203.0.113.200", null, null))).isEqualTo("ip4:203.0.113/24");
    assertThat(RuleChecks.networkKey(from("2001:db8:1:2::1", null, null))).isEqualTo("ip6:2001:db8:1::/48");
    assertThat(RuleChecks.networkKey(from("not-an-ip.example.com", null, null))).isNull();
    assertThat(RuleChecks.networkKey(new Source())).isNull();
  }

  @Test
  void audiencesMatchTheirToolsAndNothingElse() {
    assertThat(RuleChecks.audienceMatches("github", "GitHub")).isTrue();
    assertThat(RuleChecks.audienceMatches("aws", "aws:s3")).isTrue();
    assertThat(RuleChecks.audienceMatches("https://vault.corp.example", "vault")).isTrue();
    assertThat(RuleChecks.audienceMatches("*", "anything")).isTrue();
    assertThat(RuleChecks.audienceMatches("github", "gitlab")).isFalse();
    assertThat(RuleChecks.audienceMatches("aws:s3", "aws")).isFalse();
    assertThat(RuleChecks.audienceMatches("https://vault.corp.example", "jira")).isFalse();
  }

  @Test
  void exceptionsMatchGlobsAndCidrsNeverNulls() {
    RuleExceptions ex =
        new RuleExceptions(List.of("spiffe://prod/ns/ci/*"), List.of("mcp:*"), List.of("10.20.0.0/16"));
    assertThat(RuleChecks.covers(ex, "spiffe://prod/ns/ci/sa/deployer", "github", null)).isTrue();
    assertThat(RuleChecks.covers(ex, "spiffe://prod/ns/web/sa/app", "mcp:filesystem", null)).isTrue();
    assertThat(RuleChecks.covers(ex, "x", "github", "10.20.3.4")).isTrue();
    assertThat(RuleChecks.covers(ex, "x", "github", "10.21.3.4")).isFalse();
    assertThat(RuleChecks.covers(ex, null, null, null)).isFalse();
    assertThat(RuleChecks.covers(ex, "spiffe://prod/ns/ci", "github", "not-an-ip")).isFalse();
  }
}
