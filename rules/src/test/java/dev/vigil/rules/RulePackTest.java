package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulePackTest {

  private final RulePack pack =
      new RulePack("p", "1", List.of("*admin*", "s3:\\*", "iam:Create*"), 5, List.of());

  @Test
  void emitterFlagAloneMakesAnActionPrivileged() {
    assertThat(pack.isPrivileged("repo:read", "repo.pull", true)).isTrue();
    assertThat(pack.isPrivileged(null, null, true)).isTrue();
  }

  @Test
  void privilegeIsMatchedAgainstPatternsIgnoringCase() {
    assertThat(pack.isPrivileged("admin:org", "org.update", false)).isTrue();
    assertThat(pack.isPrivileged("IAM:CreateAccessKey", "x", false)).isTrue();
    assertThat(pack.isPrivileged("s3:*", "s3:PutObject", false)).isTrue();
    assertThat(pack.isPrivileged("s3:GetObject", "s3:GetObject", false)).isFalse();
  }

  @Test
  void actionIsMatchedOnlyWhenNoPrivilegeIsNamed() {
    assertThat(pack.isPrivileged(null, "iam:CreateUser", false)).isTrue();
    // The privilege exercised is what counts; the action's name does not override it.
    assertThat(pack.isPrivileged("repo:read", "admin.view", false)).isFalse();
    assertThat(pack.isPrivileged(null, null, false)).isFalse();
  }

  @Test
  void patternsStillCompareAsPlainLists() {
    assertThat(pack.privilegedPatterns()).containsExactly("*admin*", "s3:\\*", "iam:Create*");
    assertThat(new RulePack("p", "1", List.of("*admin*", "s3:\\*", "iam:Create*"), 5, List.of()))
        .isEqualTo(pack);
    assertThatThrownBy(() -> pack.privilegedPatterns().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
