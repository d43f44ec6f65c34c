package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.RulePack;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Damaged packs: whatever is done to the default pack's text, the loader either returns a pack or
 * throws a RulePackException whose problems are all located inside the text; never another
 * exception, never a problem without a position.
 */
class PackRobustnessTest {

  private static final String TEXT = RulePacks.defaultPackText();
  private static final List<String> LINES = TEXT.lines().toList();

  @Property(tries = 150)
  void deletingALineIsAcceptedOrReportedWithAPosition(
      @ForAll @IntRange(min = 0, max = 10_000) int pick) {
    int drop = pick % LINES.size();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < LINES.size(); i++) {
      if (i != drop) {
        sb.append(LINES.get(i)).append('\n');
      }
    }
    check(sb.toString());
  }

  @Property(tries = 150)
  void overwritingACharacterIsAcceptedOrReportedWithAPosition(
      @ForAll @IntRange(min = 0, max = 100_000) int pick, @ForAll("junk") char c) {
    StringBuilder sb = new StringBuilder(TEXT);
    sb.setCharAt(pick % sb.length(), c);
    check(sb.toString());
  }

  @Provide
  Arbitrary<Character> junk() {
    return Arbitraries.of(':', '-', ' ', '\t', '[', '{', '*', '&', '"', '\'', 'x', '0', '#', '\n');
  }

  private static void check(String yaml) {
    long lines = yaml.lines().count() + 1;
    try {
      RulePack pack = RulePacks.parse(yaml, "damaged.yaml");
      assertThat(pack.rules()).isNotEmpty();
    } catch (RulePackException e) {
      assertThat(e.problems())
          .isNotEmpty()
          .allSatisfy(
              p -> {
                assertThat(p.origin()).isEqualTo("damaged.yaml");
                assertThat(p.line()).isBetween(1, (int) lines);
                assertThat(p.column()).isPositive();
                assertThat(p.message()).isNotBlank();
              });
    }
  }
}
