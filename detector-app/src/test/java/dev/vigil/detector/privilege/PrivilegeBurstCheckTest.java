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

  /**
   * Every hour a busy window of 18 {@code admin:keys} calls and, half an hour later, a quiet one of
   * 2 {@code iam:UpdateCode} calls, for nine days: a typical 10 privileged calls per active window
   * in all, 18 per window of {@code admin:keys} and 2 per window of {@code iam:UpdateCode}.
   */
  private void busyAndQuietPermissions(PrivilegeFeed target) {
    for (int d = 0; d <= 8; d++) {
      for (int h = 0; h < 24; h++) {
        Instant hour = day(d).plus(Duration.ofHours(h));
        for (int i = 0; i < 18; i++) {
          assertThat(sendTo(target, hour.plusSeconds(10L * i), "admin:keys")).isEmpty();
        }
        for (int i = 0; i < 2; i++) {
          assertThat(sendTo(target, hour.plusSeconds(1800L + 10L * i), "iam:UpdateCode")).isEmpty();
        }
      }
    }
  }

  private List<Finding> sendTo(PrivilegeFeed target, Instant at, String privilege) {
    return target.send(
        use("e-" + sequence++, at, "aws:lambda", "call").privilege(privilege).build());
  }

  private List<Finding> callsOf(PrivilegeFeed target, Instant start, int n, String privilege) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      findings.addAll(sendTo(target, start.plusSeconds(10L * i), privilege));
    }
    return findings;
  }

  @Test
  void aBurstOfAQuietPermissionFiresAgainstItsOwnRateThoughABusyOneHidesItInTheTotal() {
    busyAndQuietPermissions(feed);
    assertThat(feed.state.burst.typical()).isCloseTo(10.0, offset(0.05));
    Instant start = day(9).plus(Duration.ofHours(12)).plusSeconds(1800);

    // 25 code updates in about four minutes: 2.5x its typical 10 in all, 12.5x its typical 2.
    List<Finding> findings = callsOf(feed, start, 25, "iam:UpdateCode");

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventCount()).isEqualTo(20);
              assertThat(f.triggeredAt()).isEqualTo(start.plusSeconds(19 * 10));
              assertThat(f.evidenceKey())
                  .isEqualTo(
                      "burst@"
                          + day(9).plus(Duration.ofHours(12)).plusSeconds(1800).toEpochMilli());
              assertThat(f.observed())
                  .containsEntry("privileges", List.of("iam:UpdateCode"))
                  .containsEntry("judged_against", List.of("own baseline"));
              assertThat(f.summary())
                  .contains(
                      "made 20 iam:UpdateCode calls within 5m",
                      "10.0x its typical 2.0 of that permission per active 5m window over 30d",
                      "20 privileged calls in all: 2.0x its typical 10.0");
            });
  }

  @Test
  void aBusyWindowOfItsUsualPermissionsStaysUnderEitherRate() {
    busyAndQuietPermissions(feed);
    Instant hour = day(9).plus(Duration.ofHours(12));

    // Its busiest window yet, of the permission it is busy with: 1.8x that permission's rate.
    assertThat(callsOf(feed, hour, 32, "admin:keys")).isEmpty();
    assertThat(callsOf(feed, hour.plusSeconds(1800), 3, "iam:UpdateCode")).isEmpty();
  }

  @Test
  void withoutPerPrivilegeOnlyTheTotalIsJudged() {
    java.util.Map<String, Object> params = burstParams();
    params.put("per_privilege", false);
    PrivilegeFeed totalOnly = new PrivilegeFeed(pack(rule("pb", RuleKind.PRIVILEGE_BURST, params)));
    busyAndQuietPermissions(totalOnly);

    assertThat(
            callsOf(
                totalOnly,
                day(9).plus(Duration.ofHours(12)).plusSeconds(1800),
                25,
                "iam:UpdateCode"))
        .isEmpty();
  }

  @Test
  void aPermissionUsedFewerThanMinObservationsTimesHasNoRateOfItsOwnYet() {
    busyAndQuietPermissions(feed);
    // Nine code deployments in nine days, one a day: under the 20 uses its own rate needs.
    for (int d = 0; d <= 8; d++) {
      assertThat(sendTo(feed, day(d).plus(Duration.ofHours(6)).plusSeconds(900), "iam:Deploy"))
          .isEmpty();
    }

    assertThat(callsOf(feed, day(9).plus(Duration.ofHours(12)).plusSeconds(900), 25, "iam:Deploy"))
        .as("25 is under 10x its typical 10 in all, and iam:Deploy's own rate is not known")
        .isEmpty();
  }

  @Test
  void theFirstBucketOfABurstDoesNotRaiseTheBarForTheSecond() {
    // Three calls on each of ten days: a typical 3 per active window, so a threshold of 30.
    for (int d = 0; d <= 9; d++) {
      for (int i = 0; i < 3; i++) {
        assertThat(send(day(d).plus(Duration.ofHours(9)).plusSeconds(10L * i), "admin:repo"))
            .isEmpty();
      }
    }
    Instant edge = day(10).plus(Duration.ofHours(12));

    // 25 calls in the last two minutes of a bucket: under 30.
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      findings.addAll(send(edge.minusSeconds(125).plusSeconds(5L * i), "admin:repo"));
    }
    assertThat(findings).isEmpty();
    // 12 more at the start of the next: with the first bucket still in the window, 36 in five
    // minutes. Had that bucket joined the typical rate when it closed (25 of 11 windows: 5.0, a
    // threshold of 50), the burst would have hidden itself.
    for (int i = 0; i < 12; i++) {
      findings.addAll(send(edge.plusSeconds(2L * i), "admin:repo"));
    }

    // The first action at 30 fires; the window then slides (its share of the first bucket
    // shrinks), so a later action may cross again, under the same evidence key: one alert.
    assertThat(findings)
        .isNotEmpty()
        .extracting(Finding::evidenceKey)
        .containsOnly("burst@" + edge.toEpochMilli());
    assertThat(findings.get(0))
        .satisfies(
            f -> {
              assertThat(f.eventCount()).isEqualTo(30);
              assertThat(f.windowStart()).isBefore(edge);
              assertThat(f.summary()).contains("x its typical 3.0 per active 5m window");
            });
    assertThat(feed.state.burst.typical()).isCloseTo(3.0, offset(1e-5));
  }
}
