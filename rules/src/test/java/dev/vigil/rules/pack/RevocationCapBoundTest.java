package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.rules.RulePack;
import org.junit.jupiter.api.Test;

/**
 * {@code response.max_revocations_per_minute} is the brake on mass revocation, so a pack cannot set
 * it so high that it brakes nothing: above {@link PackReader#MAX_REVOCATIONS_PER_MINUTE_LIMIT} the
 * pack is refused with file, line, column and field, like every other bad value.
 */
class RevocationCapBoundTest {

  private static String pack(String cap) {
    return """
        pack: test
        version: "1"
        response:
          max_revocations_per_minute: %s
        rules:
          - id: spread
            kind: token_network_spread
            severity: high
        """
        .formatted(cap);
  }

  @Test
  void aCapAboveTheLimitIsRefusedNamingFileLineAndField() {
    RulePackException e =
        catchThrowableOfType(
            RulePackException.class, () -> RulePacks.parse(pack("1000000"), "huge-cap.yaml"));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("response.max_revocations_per_minute");
              assertThat(p.line()).isEqualTo(4);
              assertThat(p.message())
                  .contains("must be at most " + PackReader.MAX_REVOCATIONS_PER_MINUTE_LIMIT)
                  .contains("got 1000000");
            });
    assertThat(e.getMessage())
        .startsWith("huge-cap.yaml:4:31: field 'response.max_revocations_per_minute'");
  }

  @Test
  void theLimitItselfAndTheDefaultAreAccepted() {
    RulePack atLimit =
        RulePacks.parse(
            pack(Integer.toString(PackReader.MAX_REVOCATIONS_PER_MINUTE_LIMIT)), "limit.yaml");
    assertThat(atLimit.maxRevocationsPerMinute())
        .isEqualTo(PackReader.MAX_REVOCATIONS_PER_MINUTE_LIMIT);
    assertThat(RulePacks.defaultPack().maxRevocationsPerMinute())
        .isLessThanOrEqualTo(PackReader.MAX_REVOCATIONS_PER_MINUTE_LIMIT);
  }
}
