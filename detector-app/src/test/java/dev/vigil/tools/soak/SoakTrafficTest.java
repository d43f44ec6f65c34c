package dev.vigil.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Detectors;
import dev.vigil.events.Alert;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.tools.replay.ReplayResult;
import dev.vigil.tools.replay.ReplayRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The soak's traffic is only fit for an exact audit if each attack gives exactly one alert. */
class SoakTrafficTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void eachAttackGivesExactlyOneAlertOfItsRuleAndNothingElseAlerts() {
    SoakTraffic traffic = new SoakTraffic(20);
    List<SpecificRecord> events = new ArrayList<>(traffic.opening(T0));
    int attacks = 9;
    for (int second = 1; second <= 60; second++) {
      Instant now = T0.plusSeconds(second);
      for (int i = 0; i < 10; i++) {
        events.add(traffic.benignUse(now.plusMillis(i * 100L)));
      }
      if (second % 5 == 0 && second / 5 <= attacks) {
        traffic.attack(second / 5 - 1, now).forEach(step -> events.add(step.event()));
      }
    }
    events.add(traffic.lonelyUse("svc-soak-skew-1@corp.iam", T0.plus(Fault.HOURS_AHEAD_BY)));
    events.add(traffic.lonelyUse("svc-soak-skew-2@corp.iam", T0.minus(Fault.DAYS_BEHIND_BY)));
    events.add(traffic.lonelyUse("svc-soak-skew-3@corp.iam", T0.plus(Fault.DAYS_AHEAD_BY)));

    ReplayResult result =
        new ReplayRunner(RulePacks.defaultPack(), Detectors.all(), false, Clock.systemUTC())
            .run(events);

    assertThat(result.alerts()).hasSize(attacks);
    for (int n = 0; n < attacks; n++) {
      String identity = "svc-soak-attack-" + n + "@corp.iam";
      assertThat(result.alerts())
          .filteredOn(a -> a.getIdentityId().equals(identity))
          .singleElement()
          .extracting(Alert::getRuleId)
          .isEqualTo(SoakTraffic.kind(n).rule);
    }
    // Only the context mismatch revokes: one command for each of its three attacks.
    assertThat(result.revocations()).hasSize(3);
    Set<String> ids = new HashSet<>();
    result.alerts().forEach(a -> ids.add(a.getAlertId()));
    assertThat(ids).hasSize(attacks);
  }

  @Test
  void theStepsOfAnAttackAreFarApartAndInOrder() {
    List<SoakTraffic.Step> steps = new SoakTraffic(1).attack(0, T0);

    assertThat(steps).hasSize(3);
    for (int i = 1; i < steps.size(); i++) {
      assertThat(steps.get(i).offset().minus(steps.get(i - 1).offset()))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
  }
}
