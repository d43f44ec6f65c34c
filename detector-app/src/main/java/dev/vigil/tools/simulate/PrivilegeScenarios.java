package dev.vigil.tools.simulate;

import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SUDDEN_PRIVILEGE_USE: privileges an identity does not use, or not like this; and the look-alike.
 */
final class PrivilegeScenarios {

  private PrivilegeScenarios() {}

  /** An identity with a settled baseline suddenly performs an admin operation it never has. */
  static CampaignLabel firstAdminPrivilege(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolAction admin = draw.pick(run.unfamiliarAdminActions());
    long span = run.span(run.start, Duration.ofSeconds(10), Duration.ofMinutes(15));
    Credential credential =
        Credential.acquire(actor, List.of(ToolCatalog.tool(admin.tool())), run.start, span);
    long[] times = run.times(credential.ready(), draw.between(1, 6), span);
    HeldToken token = credential.token(ToolCatalog.tool(admin.tool()));
    for (int i = 0; i < times.length; i++) {
      run.malicious(times[i], credential.use(times[i], admin, run.attackOutcome(i, 0.9, true)));
    }
    credential.release();
    return run.finish(token.id);
  }

  /**
   * An identity that went quiet weeks (or, in short runs, days) ago wakes up: a token is minted
   * with its long-lived secret and goes straight to admin operations.
   */
  static CampaignLabel dormantWakeupAdmin(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolAction> unfamiliar = run.unfamiliarAdminActions();
    List<ToolAction> targets = new ArrayList<>();
    for (int i = draw.between(1, 3); i > 0; i--) {
      targets.add(draw.pick(unfamiliar));
    }
    Tool tool = ToolCatalog.tool(targets.get(0).tool());
    List<ToolAction> sameAudience =
        targets.stream()
            .filter(a -> ToolCatalog.tool(a.tool()).audience().equals(tool.audience()))
            .toList();
    boolean abroad = draw.chance(0.5);
    Network network =
        abroad ? Networks.foreignTo(actor.network(run.start), draw) : actor.network(run.start);
    Source requester =
        abroad
            ? network.outsider(
                network.address(draw.between(0, 255), draw.between(1, 254)),
                draw.pick(List.of("python-requests/2.32.3", "aws-cli/2.17.0", "curl/8.5.0")))
            : actor.source(run.start);
    long lifetime = run.span(run.start, Duration.ofMinutes(30), Duration.ofHours(1));
    HeldToken token =
        actor.issue(
            AuthEventKind.TOKEN_ISSUED,
            tool.audience(),
            run.start,
            lifetime,
            actor.habitualScopes(tool.audience()),
            null,
            Map.of(),
            requester);
    // The attacker minting a token with the dormant identity's long-lived secret: the first act.
    run.malicious(run.start, actor.lastEventId());
    // The calls follow within a minute, and all of them while the token is valid: a token cut short
    // to fit a run's end (the demo's half-minute strike) shortens the wait and the spree with it.
    long drawnSpan = run.span(run.start, Duration.ofMinutes(1), Duration.ofMinutes(30));
    long wait = Math.min(draw.betweenMillis(2_000, 60_000), lifetime / 3);
    long span = Math.min(drawnSpan, Math.max(1, lifetime - wait - 1_000));
    long[] times = run.times(run.start + wait, draw.between(2, 12), span);
    for (int i = 0; i < times.length; i++) {
      Source source =
          new Source(
              requester.getIp(),
              requester.getAsn(),
              requester.getCountry(),
              requester.getUserAgent(),
              requester.getWorkloadId(),
              requester.getBinding());
      actor.use(times[i], token, draw.pick(sameAudience), run.attackOutcome(i, 0.9, true), source);
    }
    return run.finish(token.id);
  }

  /** An identity performs its own privileged operations tens or hundreds of times in minutes. */
  static CampaignLabel privilegeBurst(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolHabit> privileged =
        actor.profile.tools().stream().filter(ToolHabit::hasPrivileged).toList();
    ToolHabit habit = draw.pick(privileged);
    List<ToolAction> actions = habit.actions().stream().filter(ToolAction::privileged).toList();
    long span = run.span(run.start, Duration.ofMinutes(1), Duration.ofMinutes(12));
    Credential credential = Credential.acquire(actor, List.of(habit.tool()), run.start, span);
    int count = (int) Math.round(draw.logUniform(25, 250));
    for (long when : run.times(credential.ready(), count, span)) {
      run.malicious(
          when,
          credential.use(
              when, draw.pick(actions), draw.chance(0.97) ? Outcome.SUCCESS : Outcome.DENIED));
    }
    HeldToken token = credential.token(habit.tool());
    credential.release();
    return run.finish(token.id);
  }

  /**
   * Benign: a role change announced by the identity provider — ROLE_ASSUMED, then a token whose
   * scopes grant the new privilege — and the privilege used later, within that token's life.
   */
  static CampaignLabel roleChangeAnnounced(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolAction granted = draw.pick(run.unfamiliarAdminActions());
    Tool tool = ToolCatalog.tool(granted.tool());
    String role = "role/" + tool.name().replace(':', '-') + "-admin";
    actor.authEvent(
        run.start,
        AuthEventKind.ROLE_ASSUMED,
        Outcome.SUCCESS,
        null,
        tool.audience(),
        List.of(granted.privilege()),
        null,
        Map.of("role", role, "approved_by", "change-" + draw.between(1000, 9999)));
    long issuedAt = run.start + draw.betweenMillis(1_000, 30_000);
    long lifetime = run.span(issuedAt, Duration.ofHours(1), Duration.ofHours(8));
    List<String> scopes = new ArrayList<>(actor.habitualScopes(tool.audience()));
    scopes.add(granted.privilege());
    HeldToken token =
        actor.issue(
            AuthEventKind.TOKEN_ISSUED,
            tool.audience(),
            issuedAt,
            lifetime,
            List.copyOf(scopes),
            null,
            Map.of("role", role));
    actor.adopt(token);
    long wait = Math.min(lifetime / 2, draw.logMillis(Duration.ofMinutes(2), Duration.ofHours(4)));
    long span =
        Math.max(
            1_000,
            Math.min(
                lifetime - wait - 60_000,
                draw.logMillis(Duration.ofMinutes(1), Duration.ofHours(2))));
    for (long when : run.times(issuedAt + wait, draw.between(1, 6), span)) {
      actor.use(when, token, granted, Outcome.SUCCESS, actor.sourceFor(token, when));
    }
    return run.finish(token.id);
  }
}
