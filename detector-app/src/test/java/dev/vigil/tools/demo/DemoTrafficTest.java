package dev.vigil.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.Detection;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.tools.simulate.CampaignLabel;
import dev.vigil.tools.simulate.SimulatedEstate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void historyBeforeNowAndEveryAttackStrikesWithinTheFirstMinute() {
    SimulatedEstate estate = DemoTraffic.defaults(1, 24, 3).estate(NOW);

    List<Instant> times = new ArrayList<>();
    Iterator<SpecificRecord> events = estate.iterator();
    while (events.hasNext()) {
      times.add(time(events.next()));
    }

    assertThat(times.get(0))
        .isBetween(NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofHours(68)));
    assertThat(times).isSorted();
    assertThat(times.stream().filter(t -> t.isBefore(NOW)).count()).isGreaterThan(5_000);
    assertThat(times.get(times.size() - 1)).isBefore(NOW.plus(Duration.ofDays(1)).plusSeconds(60));
    List<CampaignLabel> labels = estate.labels();
    assertThat(labels).extracting(CampaignLabel::detection).contains(Detection.values());
    assertThat(labels.stream().filter(label -> !label.malicious()))
        .allSatisfy(label -> assertThat(label.start()).isAfterOrEqualTo(NOW.plusSeconds(20)));
  }

  /**
   * Every attack's first malicious event lies 20 to 70 s after the start (it strikes in the window,
   * then plays out within 30 s), on every seed; an attack that needs a past (a task completed
   * minutes earlier, a token revoked before its replay) has it in the history.
   */
  @Test
  void everyAttackStrikesWithinTheDemosMinuteOnEverySeed() {
    for (long seed = 1; seed <= 6; seed++) {
      DemoTraffic traffic = DemoTraffic.defaults(seed, 24, 3);
      List<CampaignLabel> attacks =
          traffic.labels(NOW).stream().filter(CampaignLabel::malicious).toList();

      assertThat(attacks.stream().map(CampaignLabel::detection).distinct())
          .as("seed %d", seed)
          .containsExactlyInAnyOrder(Detection.values());
      assertThat(attacks)
          .as("seed %d", seed)
          .allSatisfy(
              attack ->
                  assertThat(attack.attackStart())
                      .as("%s %s", attack.campaignId(), attack.scenario())
                      .isBetween(NOW.plusSeconds(20), NOW.plusSeconds(70)));
      assertThat(attacks)
          .filteredOn(attack -> attack.scenario().equals("task_token_after_completion"))
          .isNotEmpty()
          .allSatisfy(attack -> assertThat(attack.start()).isBefore(NOW.minusSeconds(300)));
    }
  }

  /**
   * Every attack plays out within 30 s of its strike (40 s at the latest), its task's completion
   * report within 20 s after that: the demo stops once all of it has been judged, so an attack that
   * dragged on (a dormant identity's token minted at the strike, its privileged calls up to a
   * minute later and past the token's end, as once) would keep it waiting. On several seeds and
   * start times, since the estate is timed around the start.
   */
  @Test
  void everyAttackPlaysOutWithinHalfAMinuteOfItsStrike() {
    for (long seed = 1; seed <= 6; seed++) {
      for (int hour = 0; hour < 24; hour += 5) {
        Instant now = NOW.plus(Duration.ofHours(hour).plusMinutes(7 * hour));
        List<CampaignLabel> attacks =
            DemoTraffic.defaults(seed, 24, 3).labels(now).stream()
                .filter(CampaignLabel::malicious)
                .toList();

        assertThat(attacks)
            .as("seed %d, start %s", seed, now)
            .allSatisfy(
                attack ->
                    assertThat(attack.end())
                        .as("%s %s", attack.campaignId(), attack.scenario())
                        .isBetween(attack.attackStart(), now.plusSeconds(90)));
      }
    }
  }

  @Test
  void theLabelsAreThoseOfTheEstateTheDemoFeeds() {
    DemoTraffic traffic = DemoTraffic.defaults(3, 24, 3);
    SimulatedEstate fed = traffic.estate(NOW);
    fed.events().forEach(event -> {});

    assertThat(traffic.labels(NOW)).isEqualTo(fed.labels());
  }

  @Test
  void refusesAHistoryThatIsNotWholeDays() {
    assertThatThrownBy(
            () ->
                new DemoTraffic(
                    1, 10, 1, Duration.ofHours(30), Duration.ofSeconds(20), Duration.ofSeconds(40)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole days");
  }

  private static Instant time(SpecificRecord event) {
    return event instanceof AuthEvent auth
        ? auth.getEventTime()
        : ((TokenUseEvent) event).getEventTime();
  }
}
