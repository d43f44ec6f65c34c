package dev.vigil.detector.rulestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.fixtures.RecordingMetrics;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.rules.RulePack;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActiveRulesTest {

  private final RulePack seed = TestPacks.standard();
  private final RulePack next = TestPacks.withCap(seed, 3);
  private final AtomicInteger parses = new AtomicInteger();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final ActiveRules rules =
      new ActiveRules(
          seed,
          (text, origin) -> {
            parses.incrementAndGet();
            if (!text.startsWith("pack")) {
              throw new IllegalArgumentException(origin + ":1:1: field 'pack': missing");
            }
            return next;
          },
          metrics);

  @Test
  void theSeedRulesUntilTheTopicHoldsAPack() {
    assertThat(rules.resolve(null)).isSameAs(seed);
    assertThat(parses).hasValue(0);
    assertThat(metrics.count("rulesLoaded")).isEqualTo(1);
  }

  @Test
  void aPackIsParsedOnceForAsLongAsItsTextStays() {
    for (int i = 0; i < 5; i++) {
      assertThat(rules.resolve("pack: v2")).isSameAs(next);
    }
    assertThat(parses).hasValue(1);
    assertThat(metrics.count("rulesLoaded")).isEqualTo(2);
  }

  @Test
  void aRefusedPackKeepsTheLastGoodOneAndIsCountedOnce() {
    rules.resolve("pack: v2");
    for (int i = 0; i < 3; i++) {
      assertThat(rules.resolve("garbage")).isSameAs(next);
    }
    assertThat(metrics.count("rulesRejected")).isEqualTo(1);
    assertThat(parses).hasValue(2);
    // A tombstone on the topic leaves the last good pack in force.
    assertThat(rules.resolve(null)).isSameAs(next);
  }
}
