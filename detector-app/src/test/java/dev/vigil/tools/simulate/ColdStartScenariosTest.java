package dev.vigil.tools.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.TokenUseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cold-start estate: Vigil starts with it, attacks from the first hours, a third of them on
 * identities created after the start, a week-long outage; and the look-alikes of the issue.
 */
class ColdStartScenariosTest {

  private static final SimulationConfig CONFIG =
      new SimulationConfig(
          5,
          Instant.parse("2026-11-02T00:00:00Z"),
          30,
          60,
          6,
          Duration.ZERO,
          0.5,
          Duration.ofDays(7),
          true);

  private static List<SpecificRecord> events;
  private static List<CampaignLabel> labels;
  private static final Map<String, List<SpecificRecord>> byIdentity = new HashMap<>();

  @BeforeAll
  static void simulate() {
    SimulatedEstate estate = new SimulatedEstate(CONFIG);
    events = estate.events().toList();
    labels = estate.labels();
    for (SpecificRecord event : events) {
      byIdentity.computeIfAbsent(identity(event), k -> new ArrayList<>()).add(event);
    }
  }

  @Test
  void nothingIsSeenDuringTheOutageAndTheRestartIsALookAlikeOfEveryIdentity() {
    Instant from = CONFIG.outageStart();
    Instant to = CONFIG.outageEnd();
    assertThat(events)
        .noneMatch(e -> !time(e).isBefore(from) && time(e).isBefore(to))
        .anyMatch(e -> time(e).isBefore(from))
        .anyMatch(e -> !time(e).isBefore(to));
    assertThat(labels)
        .filteredOn(l -> l.scenario().equals(SimulatedEstate.OUTAGE_SCENARIO))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.identityId()).isEqualTo(CampaignLabel.EVERY_IDENTITY);
              assertThat(l.malicious()).isFalse();
              assertThat(l.start()).isEqualTo(to);
            });
    assertThat(labels)
        .filteredOn(l -> l.malicious())
        .allSatisfy(
            l ->
                assertThat(
                        l.start().isBefore(from.minus(Duration.ofDays(1)))
                            || l.start().isAfter(to.plus(Duration.ofDays(1))))
                    .as(l.campaignId())
                    .isTrue());
  }

  @Test
  void attacksOnNewIdentitiesFindThemCreatedBeforeAndNotEarlier() {
    List<CampaignLabel> young =
        labels.stream().filter(l -> l.malicious() && l.identityCreated() != null).toList();
    assertThat(young).hasSizeGreaterThan(3);
    for (CampaignLabel label : young) {
      List<SpecificRecord> own = byIdentity.get(label.identityId());
      assertThat(own)
          .allSatisfy(e -> assertThat(time(e)).isAfterOrEqualTo(label.identityCreated()));
      if (!label.identityCreated().isBefore(CONFIG.outageStart())
          && label.identityCreated().isBefore(CONFIG.outageEnd())) {
        continue; // created while Vigil was down: it never saw the creation
      }
      assertThat(own.get(0))
          .isInstanceOfSatisfying(
              AuthEvent.class,
              a -> assertThat(a.getKind()).isEqualTo(AuthEventKind.CREDENTIAL_CREATED));
      assertThat(label.identityCreated()).isBeforeOrEqualTo(label.attackStart());
    }
    assertThat(labels.stream().filter(l -> l.malicious()).map(CampaignLabel::start))
        .anyMatch(t -> t.isBefore(CONFIG.start().plus(Duration.ofDays(1))));
  }

  @Test
  void aMonthlyJobRunsEveryFourWeeksAndDoesTheWholeJobEachTime() {
    for (CampaignLabel label : labels("monthly_job")) {
      List<Instant> times =
          byIdentity.get(label.identityId()).stream().map(ColdStartScenariosTest::time).toList();
      assertThat(times.get(0)).isEqualTo(label.start());
      Set<Long> runs = new HashSet<>();
      for (Instant t : times) {
        runs.add(Duration.between(label.start(), t).toDays() / 28);
        assertThat(Duration.between(label.start(), t).toDays() % 28).isZero();
      }
      assertThat(runs).containsExactly(0L, 1L);
    }
  }

  @Test
  void aHolidayPauseIsAFortnightOfSilenceThenRoutineReads() {
    for (CampaignLabel label : labels("holiday_pause_resume")) {
      Instant lastBefore =
          byIdentity.get(label.identityId()).stream()
              .map(ColdStartScenariosTest::time)
              .filter(t -> t.isBefore(label.start()))
              .max(Instant::compareTo)
              .orElseThrow();
      assertThat(Duration.between(lastBefore, label.start())).isGreaterThan(Duration.ofDays(2));
      assertThat(uses(label)).allSatisfy(u -> assertThat(u.getPrivileged()).isFalse());
    }
  }

  @Test
  void aRolloutAddsToolsOverDaysAfterTheIdentityIsCreated() {
    List<CampaignLabel> rollouts =
        labels("rollout_widening").stream()
            .filter(l -> l.start().isBefore(CONFIG.end().minus(Duration.ofDays(3))))
            .toList();
    assertThat(rollouts).isNotEmpty();
    for (CampaignLabel label : rollouts) {
      List<SpecificRecord> own = byIdentity.get(label.identityId());
      assertThat(own).allSatisfy(e -> assertThat(time(e)).isAfterOrEqualTo(label.start()));
      Map<String, Instant> firstUse = new HashMap<>();
      for (SpecificRecord e : own) {
        if (e instanceof TokenUseEvent u) {
          firstUse.putIfAbsent(u.getTool(), u.getEventTime());
        }
      }
      assertThat(
              Duration.between(
                  label.start(), firstUse.values().stream().max(Instant::compareTo).orElseThrow()))
          .isGreaterThan(Duration.ofHours(18));
    }
  }

  @Test
  void anAnnouncedBroadOnboardingUsesOnlyWhatItsScopesGrant() {
    for (CampaignLabel label : labels("announced_broad_onboarding")) {
      Set<String> granted = new HashSet<>();
      for (SpecificRecord e : own(label)) {
        if (e instanceof AuthEvent a && a.getKind() == AuthEventKind.TOKEN_ISSUED) {
          granted.addAll(a.getScopes());
        }
      }
      assertThat(uses(label))
          .isNotEmpty()
          .allSatisfy(u -> assertThat(granted).contains(u.getPrivilege()));
      assertThat(uses(label)).anyMatch(TokenUseEvent::getPrivileged);
    }
  }

  @Test
  void anAdoptedPermissionIsOneTheIdentityNeverUsedButItsTeamDoes() {
    for (CampaignLabel label : labels("peer_permission_adopted")) {
      Set<String> before = new HashSet<>();
      for (SpecificRecord e : byIdentity.get(label.identityId())) {
        if (e instanceof TokenUseEvent u && u.getEventTime().isBefore(label.start())) {
          before.add(u.getPrivilege());
        }
      }
      assertThat(uses(label))
          .anySatisfy(
              u -> {
                assertThat(u.getPrivileged()).isTrue();
                assertThat(before).doesNotContain(u.getPrivilege());
              });
    }
  }

  @Test
  void aPersonsNetworkNeverChangesBetweenTwoUsesOfOneTokenMinutesApart() {
    Map<String, TokenUseEvent> lastByToken = new HashMap<>();
    int checked = 0;
    for (SpecificRecord e : events) {
      if (e instanceof TokenUseEvent u
          && u.getIdentityType() == IdentityType.HUMAN
          && u.getTokenId() != null
          && labels.stream().noneMatch(l -> l.eventIds().contains(u.getEventId()))) {
        TokenUseEvent last = lastByToken.put(u.getTokenId(), u);
        if (last != null
            && Duration.between(last.getEventTime(), u.getEventTime()).toMinutes() < 10) {
          assertThat(u.getSource().getCountry()).isEqualTo(last.getSource().getCountry());
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  private static List<CampaignLabel> labels(String scenario) {
    return labels.stream().filter(l -> l.scenario().equals(scenario)).toList();
  }

  private static List<SpecificRecord> own(CampaignLabel label) {
    Set<String> ids = new HashSet<>(label.eventIds());
    return events.stream().filter(e -> ids.contains(id(e))).toList();
  }

  private static List<TokenUseEvent> uses(CampaignLabel label) {
    return own(label).stream()
        .filter(e -> e instanceof TokenUseEvent)
        .map(e -> (TokenUseEvent) e)
        .toList();
  }

  private static Instant time(SpecificRecord e) {
    return e instanceof AuthEvent a ? a.getEventTime() : ((TokenUseEvent) e).getEventTime();
  }

  private static String identity(SpecificRecord e) {
    return e instanceof AuthEvent a ? a.getIdentityId() : ((TokenUseEvent) e).getIdentityId();
  }

  private static String id(SpecificRecord e) {
    return e instanceof AuthEvent a ? a.getEventId() : ((TokenUseEvent) e).getEventId();
  }
}
