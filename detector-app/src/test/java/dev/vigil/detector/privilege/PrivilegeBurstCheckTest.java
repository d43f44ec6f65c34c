package dev.vigil.detector.privilege;

import static dev.vigil.detector.privilege.PrivilegeFixtures.IDENTITY;
import static dev.vigil.detector.privilege.PrivilegeFixtures.burst;
import static dev.vigil.detector.privilege.PrivilegeFixtures.burstParams;
import static dev.vigil.detector.privilege.PrivilegeFixtures.day;
import static dev.vigil.detector.privilege.PrivilegeFixtures.pack;
import static dev.vigil.detector.privilege.PrivilegeFixtures.rule;
import static dev.vigil.detector.privilege.PrivilegeFixtures.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.vigil.detector.Finding;
import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RuleKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivilegeBurstCheckTest {

  private final PrivilegeFeed feed = new PrivilegeFeed(pack(burst()));
  private int sequence;

  /** {@code perHour} privileged calls at the top of every hour, a minute apart. */
  private List<Finding> hourly(int fromDay, int toDay, int perHour) {
    List<Finding> findings = new ArrayList<>();
    for (int d = fromDay; d <= toDay; d++) {
      for (int h = 0; h < 24; h++) {
        for (int i = 0; i < perHour; i++) {
          findings.addAll(send(day(d).plus(Duration.ofHours(h).plusMinutes(i)), "admin:repo"));
        }
      }
    }
    return findings;
  }

  /** {@code n} privileged calls {@code gapSeconds} apart from {@code start}. */
  private List<Finding> burstAt(Instant start, int n, int gapSeconds) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      findings.addAll(
          send(
              start.plusSeconds((long) i * gapSeconds), i % 2 == 0 ? "admin:org" : "iam:PassRole"));
    }
    return findings;
  }

  private List<Finding> send(Instant at, String privilege) {
    return feed.send(use("e-" + sequence++, at, "aws:iam", "call").privilege(privilege).build());
  }

  @Test
  void aBurstFarAboveTheIdentitysOwnRateFiresOnceWhenItCrossesTheThreshold() {
    assertThat(hourly(0, 8, 2)).isEmpty();
    Instant start = day(9).plus(Duration.ofHours(12)).plusSeconds(90);

    List<Finding> findings = burstAt(start, 30, 3);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("pb");
              assertThat(f.eventCount()).isEqualTo(20);
              assertThat(f.triggeredAt()).isEqualTo(start.plusSeconds(19 * 3));
              assertThat(f.evidenceKey())
                  .isEqualTo("burst@" + day(9).plus(Duration.ofHours(12)).toEpochMilli());
              assertThat(f.eventIds())
                  .hasSize(11)
                  .startsWith("e-" + (9 * 24 * 2))
                  .endsWith("e-" + (9 * 24 * 2 + 19));
              assertThat(f.observed())
                  .containsEntry("privileges", List.of("admin:org", "iam:PassRole"));
              assertThat(f.summary())
                  .contains(
                      IDENTITY,
                      "made 20 privileged calls within 5m",
                      "10.0x its typical 2.0 per active 5m window over 30d");
            });
  }

  @Test
  void aPipelinesUsualDeployBurstIsItsOwnNormal() {
    for (int d = 0; d <= 8; d++) {
      assertThat(burstAt(day(d).plus(Duration.ofHours(3)), 60, 3)).isEmpty();
    }
    assertThat(burstAt(day(9).plus(Duration.ofHours(3)), 70, 3)).isEmpty();
    assertThat(feed.state.burst.typical()).isCloseTo(60.0, offset(0.5));
  }

  @Test
  void anIdentityInItsLearningPeriodMayBurst() {
    assertThat(burstAt(day(0), 100, 1)).isEmpty();
  }

  @Test
  void minCountIsAFloorUnderTheMultiplier() {
    hourly(0, 8, 1);
    Instant start = day(9).plus(Duration.ofMinutes(30));

    assertThat(burstAt(start, 15, 2)).as("15x its rate, but under min_count 20").isEmpty();
    assertThat(burstAt(start.plusSeconds(30), 5, 2)).hasSize(1);
  }

  @Test
  void aBurstAcrossABucketEdgeIsCountedOverTheSlidingWindow() {
    hourly(0, 8, 1);
    Instant edge = day(9).plus(Duration.ofHours(12));

    List<Finding> findings = new ArrayList<>(burstAt(edge.minusSeconds(30), 12, 2));
    findings.addAll(burstAt(edge, 12, 2));

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.windowStart()).isBefore(edge));
  }

  @Test
  void exceptedToolsDoNotTrigger() {
    PrivilegeFeed excepted =
        new PrivilegeFeed(
            pack(
                rule(
                    "pb",
                    RuleKind.PRIVILEGE_BURST,
                    burstParams(),
                    new RuleExceptions(null, List.of("aws:*"), null),
                    true)));
    excepted.send(use("x-first", day(0), "github", "op").build());
    for (int i = 0; i < 40; i++) {
      assertThat(
              excepted.send(
                  use("x-" + i, day(9).plusSeconds(i), "aws:iam", "call")
                      .privilege("admin:org")
                      .build()))
          .isEmpty();
    }
  }

  @Test
  void aPackUpdateWideningTheWindowCarriesTheLearntRateOverInProportion() {
    hourly(0, 8, 2);
    assertThat(feed.state.burst.typical()).isEqualTo(2.0);

    java.util.Map<String, Object> wider = burstParams();
    wider.put("window", Duration.ofMinutes(10));
    wider.put("min_count", 5);
    feed.pack = pack(rule("pb", RuleKind.PRIVILEGE_BURST, wider));
    Instant start = day(9).plus(Duration.ofHours(6)).plusSeconds(30);

    // Threshold now max(5, 10 x 4 per 10m): the 40th call crosses it, not the 20th.
    List<Finding> findings = burstAt(start, 45, 5);

    assertThat(feed.state.burst.bucketMillis).isEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(findings).singleElement().satisfies(f -> assertThat(f.eventCount()).isEqualTo(40));
  }
}
