package dev.vigil.tools.simulate;

import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** TOKEN_REPLAY: one credential presented by someone other than its holder, and its look-alikes. */
final class ReplayScenarios {

  private static final List<String> ATTACKER_AGENTS =
      List.of("python-requests/2.32.3", "curl/8.5.0", "Go-http-client/1.1", "aiohttp/3.9.5");

  private ReplayScenarios() {}

  /** A leaked token replayed from rented infrastructure abroad while its holder keeps using it. */
  static CampaignLabel stolenTokenForeignReplay(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit habit = Habits.pickHabit(actor.profile.tools(), draw);
    long span = run.span(run.start, Duration.ofMinutes(2), Duration.ofMinutes(45));
    HeldToken token = actor.standingToken(habit.tool().audience(), run.start, run.start + span);
    Network foreign = Networks.foreignTo(actor.network(run.start), draw);
    String agent = draw.chance(0.4) ? actor.profile.userAgent() : draw.pick(ATTACKER_AGENTS);
    int subnet = draw.between(0, 255);
    int hosts = draw.between(1, 3);
    int host = draw.between(0, 250);
    long[] attacker = run.times(run.start + 1_000, draw.between(3, 25), span);
    replay(
        run,
        token,
        habit,
        attacker,
        0.9,
        i -> foreign.outsider(foreign.address(subnet, host + draw.index(hosts)), agent));
    for (long when : run.times(run.start + 1_000, draw.between(1, 4), span)) {
      actor.use(
          when,
          token,
          draw.pick(habit.actions()),
          actor.usualOutcome(),
          actor.sourceFor(token, when));
    }
    return run.finish(token.id);
  }

  /** A workload's bound token presented by another workload of the estate, with its own key. */
  static CampaignLabel boundTokenOtherWorkload(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit habit = Habits.pickHabit(actor.profile.tools(), draw);
    long span = run.span(run.start, Duration.ofSeconds(30), Duration.ofMinutes(20));
    HeldToken token = actor.standingToken(habit.tool().audience(), run.start, run.start + span);
    IdentityProfile other = plan.accomplice();
    long[] times = run.times(run.start + 1_000, draw.between(1, 12), span);
    Network network = other.home();
    replay(
        run,
        token,
        habit,
        times,
        0.85,
        i ->
            new Source(
                network.address(other.subnet(), other.index() * 7 + draw.index(other.addresses())),
                network.asn(),
                network.country(),
                other.userAgent(),
                other.id(),
                actor.bindingOf(other, times[i])));
    return run.finish(token.id);
  }

  /** A token revoked (after a leak report, an offboarding) that is used again before it expires. */
  static CampaignLabel revokedTokenReuse(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit habit = Habits.pickHabit(actor.profile.tools(), draw);
    HeldToken token =
        actor.standingToken(
            habit.tool().audience(), run.start, run.start + Duration.ofMinutes(10).toMillis());
    long revokedAt = Math.max(run.start, token.lastUse) + draw.betweenMillis(10_000, 300_000);
    actor.authEvent(
        revokedAt,
        AuthEventKind.TOKEN_REVOKED,
        Outcome.SUCCESS,
        token,
        token.audience,
        List.of(),
        null,
        Map.of(
            "reason",
            draw.pick(List.of("credential_leak_reported", "manual", "owner_offboarded"))));
    actor.forget(token);
    long room = Math.max(2_000, token.expiresAt - revokedAt - 5_000);
    long firstGap = Math.min(room / 2, draw.logMillis(Duration.ofSeconds(30), Duration.ofHours(6)));
    long firstUse = revokedAt + Math.max(1_000, firstGap);
    long span =
        Math.max(
            1_000,
            Math.min(
                room - firstGap, draw.logMillis(Duration.ofSeconds(5), Duration.ofMinutes(20))));
    if (plan.strikeAt() != CampaignPlan.NEVER && plan.strikeAt() > revokedAt) {
      // The demo's strike: the revocation lies in its history, the replay in its first minute.
      firstUse = plan.strikeAt();
      span = Math.min(span, 15_000);
    }
    reuse(run, token, habit, run.times(firstUse, draw.between(1, 10), span), 0.8);
    return run.finish(token.id);
  }

  /** A token used well after it expired: found in a log, a cache, a stolen laptop. */
  static CampaignLabel expiredTokenReuse(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit habit = Habits.pickHabit(actor.profile.tools(), draw);
    HeldToken token = shortLived(run, habit, deadline);
    long gap = run.span(token.expiresAt, Duration.ofMinutes(3), Duration.ofHours(12));
    long span = draw.logMillis(Duration.ofSeconds(10), Duration.ofMinutes(20));
    reuse(run, token, habit, run.times(token.expiresAt + gap, draw.between(1, 8), span), 0.7);
    return run.finish(token.id);
  }

  /**
   * Benign: a workload's addresses change within its own network (rescheduled pods, a new NAT
   * gateway).
   */
  static CampaignLabel ipChurnSameAsn(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit habit = Habits.pickHabit(actor.profile.tools(), draw);
    long span = run.span(run.start, Duration.ofMinutes(2), Duration.ofMinutes(30));
    // The identity's own sessions, as many as its pace puts in the span (at least one, at most
    // six): a NAT gateway or a pod rescheduling moves where requests come from, not how many there
    // are. (Drawing 6-30 requests into the span regardless of the identity once put 25 privileged
    // calls in 3 minutes on a workload whose typical 5 minutes hold 2.4: a tenfold burst the
    // scenario did not mean.)
    double betweenSessions = Duration.ofDays(1).toMillis() / actor.profile.activitiesPerDay();
    int sessions = (int) Math.max(1, Math.min(6, Math.round(span / betweenSessions)));
    List<Long> times = new ArrayList<>();
    for (long session : run.times(run.start + 1_000, sessions, span)) {
      addSession(times, actor, session);
    }
    // A churn needs a few requests to show: another of its sessions while there are fewer than 3.
    while (times.size() < 3) {
      addSession(times, actor, run.times(run.start + 1_000, 1, span)[0]);
    }
    Collections.sort(times);
    HeldToken token =
        actor.standingToken(habit.tool().audience(), run.start, times.get(times.size() - 1));
    Network network = actor.network(run.start);
    int addresses = draw.between(3, 10);
    int[] subnets = new int[addresses];
    for (int i = 0; i < addresses; i++) {
      subnets[i] = draw.between(0, 255);
    }
    for (long when : times) {
      Source source = actor.sourceFor(token, when);
      int pick = draw.index(addresses);
      source.setIp(network.address(subnets[pick], draw.between(1, 254)));
      actor.use(when, token, draw.pick(habit.actions()), actor.usualOutcome(), source);
    }
    return run.finish(token.id);
  }

  /**
   * Benign: the home region goes quiet and a standby region of the same provider, in another
   * country, takes over with the same credential (disaster recovery, a region evacuated). The token
   * was requested and used at home first, and is not used at home again.
   */
  static CampaignLabel standbyRegionTakeover(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit habit = Habits.pickHabit(actor.profile.tools(), draw);
    Network standby = Networks.standbyFor(actor.profile.home());
    HeldToken token =
        actor.issue(
            AuthEventKind.TOKEN_ISSUED,
            habit.tool().audience(),
            run.start,
            Duration.ofHours(12).toMillis(),
            actor.habitualScopes(habit.tool().audience()),
            null,
            Map.of("purpose", "replicated"));
    List<Long> home = new ArrayList<>();
    addSession(home, actor, run.start + 1_000);
    for (long when : home) {
      actor.use(when, token, draw.pick(habit.actions()), Outcome.SUCCESS, actor.source(when));
    }
    // The failover comes 15 minutes to 2 hours after the home region's last request.
    long takeover =
        home.get(home.size() - 1) + draw.logMillis(Duration.ofMinutes(15), Duration.ofHours(2));
    List<Long> away = new ArrayList<>();
    for (long session : run.times(takeover, draw.between(1, 4), Duration.ofHours(1).toMillis())) {
      addSession(away, actor, session);
    }
    int subnet = draw.between(0, 255);
    for (long when : away) {
      if (when < deadline) {
        Source source =
            standby.outsider(
                standby.address(subnet, draw.between(1, 254)), actor.profile.userAgent());
        actor.use(when, token, draw.pick(habit.actions()), Outcome.SUCCESS, source);
      }
    }
    return run.finish(token.id);
  }

  /** Adds the request times of one of the identity's ordinary sessions, starting at {@code at}. */
  private static void addSession(List<Long> times, Actor actor, long at) {
    for (long when : Habits.sessionTimes(actor, at)) {
      times.add(when);
    }
  }

  /** Benign: a client uses its token in the last moments before it expires. */
  static CampaignLabel tokenUsedBeforeExpiry(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit habit = Habits.pickHabit(actor.profile.tools(), draw);
    HeldToken token = shortLived(run, habit, deadline);
    int uses = draw.between(1, 4);
    for (int i = 0; i < uses; i++) {
      long when = Math.max(run.start + 1, token.expiresAt - draw.betweenMillis(200, 90_000));
      actor.use(
          when, token, draw.pick(habit.actions()), Outcome.SUCCESS, actor.sourceFor(token, when));
    }
    return run.finish(token.id);
  }

  /**
   * The victim's standing token when it expires in time for the scenario to play out before the
   * end; otherwise a fresh short-lived one (a batch job's token), adopted as its standing token.
   */
  private static HeldToken shortLived(CampaignRun run, ToolHabit habit, long deadline) {
    Actor actor = run.actor;
    HeldToken token = actor.standingToken(habit.tool().audience(), run.start, run.start + 60_000);
    long room = deadline - run.start;
    if (token.expiresAt - run.start <= room / 3) {
      return token;
    }
    long lifetime =
        Math.max(
            120_000,
            Math.min(room / 3, run.draw.logMillis(Duration.ofMinutes(5), Duration.ofHours(1))));
    HeldToken fresh =
        actor.issue(
            AuthEventKind.TOKEN_ISSUED,
            habit.tool().audience(),
            run.start,
            lifetime,
            actor.habitualScopes(habit.tool().audience()),
            null,
            Map.of("purpose", "batch"));
    actor.adopt(fresh);
    return fresh;
  }

  private static void reuse(
      CampaignRun run, HeldToken token, ToolHabit habit, long[] times, double success) {
    Actor actor = run.actor;
    Draw draw = run.draw;
    boolean abroad = draw.chance(0.6);
    Network foreign = Networks.foreignTo(actor.network(run.start), draw);
    String agent = draw.pick(ATTACKER_AGENTS);
    replay(
        run,
        token,
        habit,
        times,
        success,
        i ->
            abroad
                ? foreign.outsider(
                    foreign.address(draw.between(0, 255), draw.between(1, 254)), agent)
                : actor.sourceFor(token, times[i]));
  }

  /**
   * The attacker's requests with {@code token} at {@code times}, each marked malicious: from {@code
   * source} (given the request's index), an operation of {@code habit}, the first allowed and the
   * others with {@code success}.
   */
  private static void replay(
      CampaignRun run,
      HeldToken token,
      ToolHabit habit,
      long[] times,
      double success,
      IntFunction<Source> source) {
    for (int i = 0; i < times.length; i++) {
      Source from = source.apply(i);
      run.malicious(
          times[i],
          run.actor.use(
              times[i],
              token,
              run.draw.pick(habit.actions()),
              run.attackOutcome(i, success, true),
              from));
    }
  }
}
