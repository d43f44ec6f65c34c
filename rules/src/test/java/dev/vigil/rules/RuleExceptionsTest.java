package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleExceptionsTest {

  private final RuleExceptions exceptions =
      new RuleExceptions(
          List.of("spiffe://prod/ns/backup/*", "svc-scanner@corp"),
          List.of("mcp:*"),
          List.of("10.20.0.0/16", "2001:db8:aa::/48"));

  @Test
  void coversIdentitiesByGlobCaseSensitively() {
    assertThat(exceptions.covers("spiffe://prod/ns/backup/sa/nightly", null, null)).isTrue();
    assertThat(exceptions.covers("svc-scanner@corp", null, null)).isTrue();
    assertThat(exceptions.covers("SVC-SCANNER@corp", null, null)).isFalse();
    assertThat(exceptions.covers("spiffe://prod/ns/ci/sa/deployer", null, null)).isFalse();
  }

  @Test
  void coversToolsIgnoringCase() {
    assertThat(exceptions.covers(null, "MCP:filesystem", null)).isTrue();
    assertThat(exceptions.covers(null, "github", null)).isFalse();
  }

  @Test
  void coversNetworksByCidr() {
    assertThat(exceptions.covers(null, null, "10.20.3.4")).isTrue();
    assertThat(exceptions.covers(null, null, "10.21.3.4")).isFalse();
    assertThat(exceptions.covers(null, null, "2001:db8:aa:1::5")).isTrue();
    assertThat(exceptions.covers(null, null, "garbage")).isFalse();
  }

  @Test
  void anyOneExceptedPartIsEnoughAndNullsNeverMatch() {
    assertThat(exceptions.covers("someone-else", "github", "10.20.0.1")).isTrue();
    assertThat(exceptions.covers(null, null, null)).isFalse();
    assertThat(RuleExceptions.NONE.covers("a", "b", "10.0.0.1")).isFalse();
    assertThat(RuleExceptions.NONE.isEmpty()).isTrue();
    assertThat(exceptions.isEmpty()).isFalse();
  }

  @Test
  void refusesAnInvalidBlockWhenBuilt() {
    assertThatThrownBy(() -> new RuleExceptions(List.of(), List.of(), List.of("10.0.0.0/40")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/40");
  }
}
