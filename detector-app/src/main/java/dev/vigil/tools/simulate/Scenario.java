package dev.vigil.tools.simulate;

import static dev.vigil.events.IdentityType.AI_AGENT;
import static dev.vigil.events.IdentityType.API_CLIENT;
import static dev.vigil.events.IdentityType.CI_PIPELINE;
import static dev.vigil.events.IdentityType.HUMAN;
import static dev.vigil.events.IdentityType.SERVICE_ACCOUNT;
import static dev.vigil.events.IdentityType.WORKLOAD;

import dev.vigil.events.Detection;
import dev.vigil.events.IdentityType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every campaign the simulator can play: attacks, each aimed at one detection, and benign
 * look-alikes labelled with the detection they resemble. Victims are the identities for which the
 * scenario is plausible (a bound token needs a workload, a task token a task runner).
 */
enum Scenario {
  STOLEN_TOKEN_FOREIGN_REPLAY(
      Detection.TOKEN_REPLAY,
      true,
      EnumSet.of(SERVICE_ACCOUNT, API_CLIENT, HUMAN),
      p -> true,
      ReplayScenarios::stolenTokenForeignReplay),
  BOUND_TOKEN_OTHER_WORKLOAD(
      Detection.TOKEN_REPLAY,
      true,
      EnumSet.of(WORKLOAD),
      p -> true,
      ReplayScenarios::boundTokenOtherWorkload),
  REVOKED_TOKEN_REUSE(
      Detection.TOKEN_REPLAY,
      true,
      EnumSet.of(SERVICE_ACCOUNT, API_CLIENT, WORKLOAD, HUMAN),
      p -> true,
      ReplayScenarios::revokedTokenReuse),
  EXPIRED_TOKEN_REUSE(
      Detection.TOKEN_REPLAY,
      true,
      EnumSet.of(SERVICE_ACCOUNT, API_CLIENT, WORKLOAD, HUMAN),
      p -> true,
      ReplayScenarios::expiredTokenReuse),
  TASK_TOKEN_AFTER_COMPLETION(
      Detection.ACCESS_OUTLIVES_INTENT,
      true,
      EnumSet.of(AI_AGENT, CI_PIPELINE),
      p -> true,
      IntentScenarios::taskTokenAfterCompletion),
  FIRST_ADMIN_PRIVILEGE(
      Detection.SUDDEN_PRIVILEGE_USE,
      true,
      EnumSet.of(SERVICE_ACCOUNT, WORKLOAD, CI_PIPELINE, AI_AGENT, API_CLIENT),
      p -> true,
      PrivilegeScenarios::firstAdminPrivilege),
  DORMANT_WAKEUP_ADMIN(
      Detection.SUDDEN_PRIVILEGE_USE,
      true,
      EnumSet.of(SERVICE_ACCOUNT, API_CLIENT),
      p -> true,
      PrivilegeScenarios::dormantWakeupAdmin),
  PRIVILEGE_BURST(
      Detection.SUDDEN_PRIVILEGE_USE,
      true,
      EnumSet.allOf(IdentityType.class),
      IdentityProfile::hasPrivilegedHabit,
      PrivilegeScenarios::privilegeBurst),
  TOOL_FANOUT(
      Detection.LATERAL_MOVEMENT,
      true,
      EnumSet.of(SERVICE_ACCOUNT, WORKLOAD, AI_AGENT, API_CLIENT),
      p -> true,
      LateralScenarios::toolFanout),
  AUDIENCE_MISMATCH(
      Detection.LATERAL_MOVEMENT,
      true,
      EnumSet.of(SERVICE_ACCOUNT, WORKLOAD, API_CLIENT, HUMAN),
      p -> true,
      LateralScenarios::audienceMismatch),

  IP_CHURN_SAME_ASN(
      Detection.TOKEN_REPLAY,
      false,
      EnumSet.of(WORKLOAD, SERVICE_ACCOUNT),
      p -> true,
      ReplayScenarios::ipChurnSameAsn),
  TOKEN_USED_BEFORE_EXPIRY(
      Detection.TOKEN_REPLAY,
      false,
      EnumSet.of(SERVICE_ACCOUNT, API_CLIENT, WORKLOAD, HUMAN),
      p -> true,
      ReplayScenarios::tokenUsedBeforeExpiry),
  STANDBY_REGION_TAKEOVER(
      Detection.TOKEN_REPLAY,
      false,
      EnumSet.of(SERVICE_ACCOUNT, WORKLOAD, API_CLIENT),
      p -> Networks.standbyFor(p.home()) != null,
      ReplayScenarios::standbyRegionTakeover),
  TASK_TOKEN_IN_FLIGHT_AT_COMPLETION(
      Detection.ACCESS_OUTLIVES_INTENT,
      false,
      EnumSet.of(AI_AGENT, CI_PIPELINE),
      p -> true,
      IntentScenarios::taskTokenInFlightAtCompletion),
  ROLE_CHANGE_ANNOUNCED(
      Detection.SUDDEN_PRIVILEGE_USE,
      false,
      EnumSet.of(SERVICE_ACCOUNT, WORKLOAD, API_CLIENT, HUMAN),
      p -> true,
      PrivilegeScenarios::roleChangeAnnounced),
  PEER_PERMISSION_ADOPTED(
      Detection.SUDDEN_PRIVILEGE_USE,
      false,
      EnumSet.of(SERVICE_ACCOUNT, WORKLOAD, CI_PIPELINE, AI_AGENT, API_CLIENT),
      p -> p.adoptable() != null,
      ColdStartScenarios::peerPermissionAdopted),
  HOLIDAY_PAUSE_RESUME(
      Detection.SUDDEN_PRIVILEGE_USE,
      false,
      EnumSet.of(CI_PIPELINE, SERVICE_ACCOUNT, AI_AGENT),
      IdentityProfile::hasPrivilegedHabit,
      ColdStartScenarios::holidayPauseResume),
  MONTHLY_JOB(
      Detection.SUDDEN_PRIVILEGE_USE,
      false,
      EnumSet.of(SERVICE_ACCOUNT, API_CLIENT, CI_PIPELINE),
      IdentityProfile::hasPrivilegedHabit,
      ColdStartScenarios::monthlyJob),
  ANNOUNCED_BROAD_ONBOARDING(
      Detection.SUDDEN_PRIVILEGE_USE,
      false,
      EnumSet.of(SERVICE_ACCOUNT, WORKLOAD, AI_AGENT),
      p -> p.tools().size() >= 2,
      ColdStartScenarios::announcedBroadOnboarding),
  DEPLOY_BURST_USUAL_TOOLS(
      Detection.LATERAL_MOVEMENT,
      false,
      EnumSet.of(CI_PIPELINE),
      p -> p.tools().size() >= 3,
      LateralScenarios::deployBurstUsualTools),
  ONBOARDING_NEW_IDENTITY(
      Detection.LATERAL_MOVEMENT,
      false,
      EnumSet.of(CI_PIPELINE, AI_AGENT, SERVICE_ACCOUNT),
      p -> p.tools().size() >= 3,
      LateralScenarios::onboardingNewIdentity),
  ROLLOUT_WIDENING(
      Detection.LATERAL_MOVEMENT,
      false,
      EnumSet.of(AI_AGENT, CI_PIPELINE),
      p -> p.tools().size() >= 3 && p.taskScoped(),
      ColdStartScenarios::rolloutWidening);

  private final Detection detection;
  private final boolean malicious;
  private final Set<IdentityType> victims;
  private final Predicate<IdentityProfile> fits;
  private final CampaignScript script;

  Scenario(
      Detection detection,
      boolean malicious,
      Set<IdentityType> victims,
      Predicate<IdentityProfile> fits,
      CampaignScript script) {
    this.detection = detection;
    this.malicious = malicious;
    this.victims = victims;
    this.fits = fits;
    this.script = script;
  }

  /** The name written to the labels file, e.g. {@code stolen_token_foreign_replay}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  Detection detection() {
    return detection;
  }

  boolean malicious() {
    return malicious;
  }

  CampaignScript script() {
    return script;
  }

  boolean canTarget(IdentityProfile profile) {
    return victims.contains(profile.type()) && fits.test(profile);
  }

  /** The victim exists only from the campaign on: it is being created. */
  boolean onboards() {
    return this == ONBOARDING_NEW_IDENTITY
        || this == ROLLOUT_WIDENING
        || this == ANNOUNCED_BROAD_ONBOARDING;
  }

  /**
   * How long an attack prepares before it strikes, when its plan fixes the strike ({@link
   * CampaignPlan#strikeAt}): long enough for the scenario's benign beginning (a task that must
   * complete over two minutes before its token is misused, a token issued then revoked) to end
   * before the strike. Zero for attacks that strike as they start.
   */
  java.time.Duration preparation() {
    return switch (this) {
      case TASK_TOKEN_AFTER_COMPLETION -> java.time.Duration.ofMinutes(15);
      case REVOKED_TOKEN_REUSE -> java.time.Duration.ofMinutes(20);
      default -> java.time.Duration.ZERO;
    };
  }

  /**
   * The victim keeps no habits for a while (dormant until it wakes, paused for a holiday, a job
   * that runs once a month): it is no other campaign's victim.
   */
  boolean silences() {
    return this == DORMANT_WAKEUP_ADMIN || this == HOLIDAY_PAUSE_RESUME || this == MONTHLY_JOB;
  }

  /**
   * The scenarios aimed at (or resembling) one detection, attacks or look-alikes, in declaration
   * order.
   */
  static List<Scenario> of(Detection detection, boolean malicious) {
    return java.util.Arrays.stream(values())
        .filter(s -> s.detection == detection && s.malicious == malicious)
        .toList();
  }
}
