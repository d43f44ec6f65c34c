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
 * Benign look-alikes of what judging young identities, dormancy by rhythm and peer groups could
 * fire on: an agent rolled out over days, an identity taking up what its team does, a monthly job,
 * a job back from a holiday, a new service with a broad but announced scope set. (Vigil itself down
 * for a week is not a campaign of one identity: see {@link SimulationConfig#outage()}.)
 */
final class ColdStartScenarios {

  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long DAY = Duration.ofDays(1).toMillis();

  private ColdStartScenarios() {}

  /**
   * An agent or pipeline created at the campaign's start and rolled out over its first days: one or
   * two tools at first, then every day or two another tool of its job, set up at once (each of its
   * operations tried), and once a privileged operation its role always allowed but it never used.
   * Its ordinary work follows the tools enabled so far.
   */
  static CampaignLabel rolloutWidening(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolHabit> tools = new ArrayList<>(actor.profile.tools());
    created(actor, run.start, draw, "platform-bootstrap");
    List<ToolHabit> enabled = new ArrayList<>(tools.subList(0, Math.min(2, tools.size())));
    long at = run.start + draw.betweenMillis(60_000, 20 * 60_000);
    actor.changeHabits(run.start, enabled);
    setUp(run, actor, enabled, at);
    int next = enabled.size();
    boolean widened = false;
    while (next < tools.size()) {
      long step = at + draw.betweenMillis(18 * HOUR, 40 * HOUR);
      if (step > run.start + (deadline - run.start) * 9 / 10) {
        break;
      }
      at = step;
      List<ToolHabit> added = new ArrayList<>(List.of(tools.get(next++)));
      if (next < tools.size() && draw.chance(0.5)) {
        added.add(tools.get(next++));
      }
      if (!widened) {
        ToolHabit grown = withUnusedPrivilege(added.get(0));
        if (grown != null) {
          added.set(0, grown);
          widened = true;
        }
      }
      enabled.addAll(added);
      actor.changeHabits(at, enabled);
      setUp(run, actor, added, at);
    }
    return run.finish(null);
  }

  /**
   * An identity takes up the privileged operation its teammates all perform (it joined their rota,
   * or its job grew into theirs): used at once, then part of its ordinary work. Its tokens' scopes
   * do not announce it (the team's role covers it).
   */
  static CampaignLabel peerPermissionAdopted(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    ToolHabit adopted = actor.profile.adoptable();
    actor.changeHabits(run.start, EstateFactory.withHabit(actor.habitsAt(run.start), adopted));
    ToolAction privileged = EstateFactory.privilegedOf(adopted);
    long span = run.span(run.start, Duration.ofMinutes(1), Duration.ofMinutes(20));
    Credential credential = Credential.acquire(actor, List.of(adopted.tool()), run.start, span);
    for (long when : run.times(credential.ready(), draw.between(1, 4), span)) {
      credential.use(
          when, draw.chance(0.7) ? privileged : draw.pick(adopted.actions()), Outcome.SUCCESS);
    }
    credential.release();
    return run.finish(null);
  }

  /**
   * A job that runs once every four weeks (a month-end export, a certificate renewal), silent in
   * between: each run does the whole job, privileged operations included. Vigil never saw the runs
   * before it started.
   */
  static CampaignLabel monthlyJob(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolHabit> job = actor.profile.tools();
    for (long at = run.start; at < deadline - 3 * HOUR; at += 28 * DAY) {
      long span = draw.betweenMillis(20 * 60_000, 90 * 60_000);
      Credential credential =
          Credential.acquire(actor, job.stream().map(ToolHabit::tool).toList(), at, span);
      List<ToolAction> steps = new ArrayList<>();
      for (ToolHabit habit : job) {
        for (ToolAction action : habit.actions()) {
          for (int i = draw.between(1, 3); i > 0; i--) {
            steps.add(action);
          }
        }
      }
      long[] times = run.times(credential.ready(), steps.size(), span);
      for (int i = 0; i < steps.size(); i++) {
        credential.use(times[i], steps.get(i), Outcome.SUCCESS);
      }
      credential.release();
    }
    return run.finish(null);
  }

  /**
   * A job paused for a holiday (its queue drained, its schedule off) resumes with routine reads for
   * the first hour; its ordinary work, privileged operations included, follows.
   */
  static CampaignLabel holidayPauseResume(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    List<ToolHabit> reads =
        actor.profile.tools().stream()
            .filter(h -> h.actions().stream().anyMatch(a -> !a.privileged()))
            .toList();
    List<ToolHabit> tools = reads.isEmpty() ? actor.profile.tools() : reads;
    long span = run.span(run.start, Duration.ofMinutes(30), Duration.ofMinutes(55));
    Credential credential =
        Credential.acquire(actor, tools.stream().map(ToolHabit::tool).toList(), run.start, span);
    for (long when : run.times(credential.ready(), draw.between(5, 30), span)) {
      ToolHabit habit = draw.pick(tools);
      List<ToolAction> routine = habit.actions().stream().filter(a -> !a.privileged()).toList();
      credential.use(
          when, routine.isEmpty() ? habit.actions().get(0) : draw.pick(routine), Outcome.SUCCESS);
    }
    credential.release();
    return run.finish(null);
  }

  /**
   * A new service onboarded with a broad scope set, announced by its identity provider: a token
   * granting every operation of its tools, administrative ones included, and a first hour of
   * bootstrapping that uses many of them.
   */
  static CampaignLabel announcedBroadOnboarding(CampaignPlan plan, Actor actor, long deadline) {
    CampaignRun run = new CampaignRun(plan, actor, deadline);
    Draw draw = run.draw;
    created(actor, run.start, draw, "terraform");
    long at = run.start + draw.betweenMillis(30_000, 600_000);
    long span = run.span(at, Duration.ofMinutes(10), Duration.ofMinutes(60));
    for (ToolHabit habit : actor.profile.tools()) {
      Tool tool = habit.tool();
      Set<String> scopes = new LinkedHashSet<>();
      List<ToolAction> broad = new ArrayList<>(tool.everyday());
      broad.addAll(tool.admin());
      broad.forEach(a -> scopes.add(a.privilege()));
      HeldToken token =
          actor.issue(
              AuthEventKind.TOKEN_ISSUED,
              tool.audience(),
              at,
              span + HOUR,
              List.copyOf(scopes),
              null,
              Map.of(
                  "grant",
                  "onboarding-broad",
                  "approved_by",
                  "change-" + draw.between(1000, 9999)));
      for (long when : run.times(at + 2_000, draw.between(2, 8), span)) {
        actor.use(when, token, draw.pick(broad), Outcome.SUCCESS, actor.sourceFor(token, when));
      }
      at += draw.betweenMillis(5_000, 60_000);
    }
    return run.finish(null);
  }

  private static void created(Actor actor, long time, Draw draw, String by) {
    actor.authEvent(
        time,
        AuthEventKind.CREDENTIAL_CREATED,
        Outcome.SUCCESS,
        null,
        null,
        List.of(),
        null,
        Map.of("created_by", by));
  }

  /** One setup task touching every operation of {@code tools} at {@code at}. */
  private static void setUp(CampaignRun run, Actor actor, List<ToolHabit> tools, long at) {
    Draw draw = run.draw;
    long span = draw.betweenMillis(2 * 60_000, 15 * 60_000);
    Credential credential =
        Credential.acquire(actor, tools.stream().map(ToolHabit::tool).toList(), at, span);
    List<ToolAction> steps = new ArrayList<>();
    tools.forEach(h -> steps.addAll(h.actions()));
    long[] times = run.times(credential.ready(), steps.size(), span);
    for (int i = 0; i < steps.size(); i++) {
      credential.use(times[i], steps.get(i), actor.usualOutcome());
    }
    credential.release();
  }

  /** {@code habit} with one privileged everyday operation of its tool it does not have, or null. */
  private static ToolHabit withUnusedPrivilege(ToolHabit habit) {
    List<ToolAction> unused =
        habit.tool().everyday().stream()
            .filter(a -> a.privileged() && !habit.actions().contains(a))
            .toList();
    if (unused.isEmpty()) {
      return null;
    }
    List<ToolAction> actions = new ArrayList<>(habit.actions());
    actions.add(unused.get(0));
    return new ToolHabit(habit.tool(), List.copyOf(actions), habit.weight());
  }
}
