package dev.vigil.tools.simulate;

import dev.vigil.events.AuthEventKind;
import dev.vigil.events.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LATERAL_MOVEMENT: fanning out across tools, tokens presented at the wrong tool; and look-alikes.
 */
final class LateralScenarios {

  private LateralScenarios() {}

  /** Reconnaissance: many distinct tools in minutes, most never touched before, one read each. */
  static CampaignLabel toolFanout(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    IdentityProfile profile = actor.profile;
    int distinct = draw.between(5, 14);
    int fresh = (int) Math.ceil(distinct * (0.5 + 0.5 * draw.unit()));
    List<Tool> unfamiliar =
        new ArrayList<>(ToolCatalog.all().stream().filter(t -> !profile.uses(t.name())).toList());
    List<Tool> familiar = new ArrayList<>(profile.tools().stream().map(ToolHabit::tool).toList());
    Set<Tool> targets = new LinkedHashSet<>();
    while (targets.size() < fresh && !unfamiliar.isEmpty()) {
      targets.add(unfamiliar.remove(draw.index(unfamiliar.size())));
    }
    while (targets.size() < distinct && !familiar.isEmpty()) {
      targets.add(familiar.remove(draw.index(familiar.size())));
    }
    long span = run.span(run.start, Duration.ofMinutes(1), Duration.ofMinutes(12));
    Credential credential = Credential.acquire(actor, targets, run.start, span);
    List<Tool> order = new ArrayList<>(targets);
    long[] times = run.times(credential.ready(), order.size(), span);
    for (int i = 0; i < order.size(); i++) {
      Tool tool = order.get(i);
      ToolAction read =
          tool.everyday().stream()
              .filter(a -> !a.privileged())
              .findFirst()
              .orElse(tool.everyday().get(0));
      int repeats = draw.between(1, 3);
      for (int r = 0; r < repeats; r++) {
        long when = times[i] + r * draw.betweenMillis(200, 5_000);
        run.malicious(
            when, credential.use(when, read, draw.chance(0.85) ? Outcome.SUCCESS : Outcome.DENIED));
      }
    }
    credential.release();
    return run.finish(null);
  }

  /** A token minted for one audience presented at a tool of another. */
  static CampaignLabel audienceMismatch(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit habit = Habits.pickHabit(actor.profile.tools(), draw);
    long span = run.span(run.start, Duration.ofSeconds(10), Duration.ofMinutes(10));
    HeldToken token = actor.standingToken(habit.tool().audience(), run.start, run.start + span);
    List<Tool> elsewhere =
        ToolCatalog.all().stream()
            .filter(
                t ->
                    !t.audience().equals(token.audience)
                        && !t.name().startsWith(token.audience + ":"))
            .toList();
    List<Tool> ownElsewhere = elsewhere.stream().filter(t -> actor.profile.uses(t.name())).toList();
    Tool target =
        !ownElsewhere.isEmpty() && draw.chance(0.5)
            ? draw.pick(ownElsewhere)
            : draw.pick(elsewhere);
    List<ToolAction> actions = target.everyday();
    long[] times = run.times(run.start + 1_000, draw.between(1, 5), span);
    for (int i = 0; i < times.length; i++) {
      run.malicious(
          times[i],
          actor.use(
              times[i],
              token,
              draw.pick(actions),
              run.attackOutcome(i, 0.75, true),
              actor.sourceFor(token, times[i])));
    }
    return run.finish(token.id);
  }

  /** Benign: a release touches every tool of a pipeline's job within minutes, all of them usual. */
  static CampaignLabel deployBurstUsualTools(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolHabit> tools = actor.profile.tools();
    long span = run.span(run.start, Duration.ofMinutes(2), Duration.ofMinutes(10));
    Credential credential =
        Credential.acquire(actor, tools.stream().map(ToolHabit::tool).toList(), run.start, span);
    int uses = Math.max(tools.size(), draw.between(15, 60));
    long[] times = run.times(credential.ready(), uses, span);
    for (int i = 0; i < uses; i++) {
      ToolHabit habit = i < tools.size() ? tools.get(i) : Habits.pickHabit(tools, draw);
      credential.use(times[i], draw.pick(habit.actions()), actor.usualOutcome());
    }
    credential.release();
    return run.finish(null);
  }

  /**
   * Benign: a new identity is created and, in its first hour, sets itself up against every tool of
   * its job. It continues with its habits afterwards.
   */
  static CampaignLabel onboardingNewIdentity(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolHabit> tools = actor.profile.tools();
    actor.authEvent(
        run.start,
        AuthEventKind.CREDENTIAL_CREATED,
        Outcome.SUCCESS,
        null,
        null,
        List.of(),
        null,
        Map.of(
            "created_by", draw.pick(List.of("terraform", "platform-bootstrap", "okta-workflows"))));
    long setupAt = run.start + draw.betweenMillis(10_000, 600_000);
    long span = run.span(setupAt, Duration.ofMinutes(2), Duration.ofMinutes(30));
    Credential credential =
        Credential.acquire(actor, tools.stream().map(ToolHabit::tool).toList(), setupAt, span);
    long[] times = run.times(credential.ready(), tools.size(), span);
    for (int i = 0; i < tools.size(); i++) {
      ToolHabit habit = tools.get(i);
      for (ToolAction action : habit.actions()) {
        credential.use(times[i] + draw.betweenMillis(0, 20_000), action, actor.usualOutcome());
      }
    }
    credential.release();
    return run.finish(null);
  }
}
