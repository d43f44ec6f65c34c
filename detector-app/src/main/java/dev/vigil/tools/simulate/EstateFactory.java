package dev.vigil.tools.simulate;

import dev.vigil.events.IdentityType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Invents the estate: how many identities of each kind, their names and their habits. The mix
 * follows what NHI inventories report — workloads and service accounts dominate, a few humans — and
 * every number is drawn per identity from a range ({@code estate.yaml}, read by {@link
 * IdentityKind}), so no two identities look alike.
 */
final class EstateFactory {

  private static final long STREAM = 0x1D;

  private static final String[] SERVICES = {
    "billing",
    "checkout",
    "search",
    "payments",
    "ledger",
    "catalog",
    "inventory",
    "shipping",
    "notify",
    "identity",
    "reports",
    "etl",
    "ml-features",
    "fraud",
    "pricing",
    "support",
    "backup",
    "audit",
    "gateway",
    "recommender",
    "crm-sync",
    "invoices",
    "metrics",
    "exports"
  };
  private static final String[] NAMESPACES = {
    "payments", "commerce", "data", "platform", "ml", "support", "core"
  };
  private static final String[] AGENTS = {
    "support-bot",
    "code-reviewer",
    "sre-copilot",
    "sales-assistant",
    "research-agent",
    "triage-agent",
    "docs-writer",
    "data-analyst"
  };
  private static final String[] PARTNERS = {
    "acme-erp", "zenith-crm", "orbit-payroll", "nimbus-bi", "atlas-hr"
  };
  private static final String[] FIRST = {
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "wendy", "yusuf"
  };
  private static final String[] LAST = {
    "ng", "smith", "garcia", "kim", "okafor", "muller", "rossi", "tanaka", "silva", "novak"
  };

  private EstateFactory() {}

  static List<IdentityProfile> build(long seed, int count) {
    IdentityType[] types = new IdentityType[count];
    for (int i = 0; i < count; i++) {
      types[i] = typeOf(i, Draw.of(seed, STREAM, i));
    }
    List<String> humans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (types[i] == IdentityType.HUMAN) {
        humans.add(humanName(i));
      }
    }
    if (humans.isEmpty()) {
      humans.add("oncall@corp.example");
    }
    List<IdentityProfile> profiles = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      profiles.add(profile(i, types[i], Draw.of(seed, STREAM + 1, i), humans));
    }
    return teams(seed, profiles);
  }

  /**
   * Teams: identities of one type and name (one agent product, one service's accounts or pipelines,
   * one partner's clients, one namespace's workloads of a service) share a habit — a tool and a
   * privileged operation there the team's job needs. Most members have it; a member without it, in
   * a team where at least two others have it, may adopt it one day (a look-alike of new privilege).
   * Drawn from streams of their own, so every other habit stays as it was.
   */
  private static List<IdentityProfile> teams(long seed, List<IdentityProfile> profiles) {
    Map<String, ToolHabit> shared = new HashMap<>();
    List<IdentityProfile> withShared = new ArrayList<>(profiles.size());
    Map<String, Integer> holders = new HashMap<>();
    boolean[] holds = new boolean[profiles.size()];
    for (IdentityProfile profile : profiles) {
      String team = teamOf(profile);
      if (team == null) {
        withShared.add(profile);
        continue;
      }
      ToolHabit habit =
          shared.computeIfAbsent(
              team, t -> sharedHabit(profile.type(), Draw.of(seed, STREAM + 2, t.hashCode())));
      List<ToolHabit> habits = new ArrayList<>(profile.tools());
      if (habit != null && Draw.of(seed, STREAM + 3, profile.index()).chance(0.85)) {
        holds[profile.index()] = true;
        holders.merge(team, 1, Integer::sum);
        habits = withHabit(habits, habit);
      }
      withShared.add(profile.withTeam(habits, team, null));
    }
    List<IdentityProfile> result = new ArrayList<>(profiles.size());
    for (IdentityProfile profile : withShared) {
      ToolHabit habit = profile.team() == null ? null : shared.get(profile.team());
      boolean mayAdopt =
          habit != null
              && !holds[profile.index()]
              && holders.getOrDefault(profile.team(), 0) >= 2
              && !profile.hasHabitualAction(privilegedOf(habit));
      result.add(mayAdopt ? profile.withTeam(profile.tools(), profile.team(), habit) : profile);
    }
    return List.copyOf(result);
  }

  /** The team of an identity: its type and its name without the instance suffix. */
  static String teamOf(IdentityProfile profile) {
    String suffix = "-" + Integer.toString(profile.index(), 36);
    String id = profile.id();
    String name;
    if (profile.type() == IdentityType.HUMAN) {
      return null;
    } else if (id.endsWith(suffix + "@corp.iam")) {
      name = id.substring(0, id.length() - suffix.length() - "@corp.iam".length()) + "@corp.iam";
    } else if (id.endsWith(suffix + "/deploy")) {
      name = id.substring(0, id.length() - suffix.length() - "/deploy".length()) + "/deploy";
    } else if (id.endsWith(suffix)) {
      name = id.substring(0, id.length() - suffix.length());
    } else {
      return null;
    }
    return profile.type() + "|" + name;
  }

  /** A tool of the type's pool with a privileged everyday operation, and a read beside it. */
  private static ToolHabit sharedHabit(IdentityType type, Draw draw) {
    List<Tool> candidates =
        ToolCatalog.pool(type).stream()
            .map(ToolCatalog::tool)
            .filter(t -> t.everyday().stream().anyMatch(ToolAction::privileged))
            .toList();
    if (candidates.isEmpty()) {
      return null;
    }
    Tool tool = draw.pick(candidates);
    List<ToolAction> actions = new ArrayList<>();
    tool.everyday().stream().filter(a -> !a.privileged()).findFirst().ifPresent(actions::add);
    actions.add(draw.pick(tool.everyday().stream().filter(ToolAction::privileged).toList()));
    return new ToolHabit(tool, List.copyOf(actions), draw.logUniform(0.5, 3));
  }

  static ToolAction privilegedOf(ToolHabit habit) {
    return habit.actions().stream().filter(ToolAction::privileged).findFirst().orElseThrow();
  }

  /** {@code habits} with {@code extra} merged in (its operations added to the same tool's). */
  static List<ToolHabit> withHabit(List<ToolHabit> habits, ToolHabit extra) {
    List<ToolHabit> merged = new ArrayList<>(habits.size() + 1);
    boolean found = false;
    for (ToolHabit habit : habits) {
      if (habit.tool().equals(extra.tool())) {
        Set<ToolAction> actions = new LinkedHashSet<>(habit.actions());
        actions.addAll(extra.actions());
        merged.add(new ToolHabit(habit.tool(), List.copyOf(actions), habit.weight()));
        found = true;
      } else {
        merged.add(habit);
      }
    }
    if (!found) {
      merged.add(extra);
    }
    return merged;
  }

  /** The first identities cover every type, so even a tiny estate can host every scenario. */
  private static IdentityType typeOf(int index, Draw draw) {
    IdentityType[] cover = {
      IdentityType.WORKLOAD,
      IdentityType.SERVICE_ACCOUNT,
      IdentityType.CI_PIPELINE,
      IdentityType.AI_AGENT,
      IdentityType.API_CLIENT,
      IdentityType.HUMAN,
      IdentityType.WORKLOAD,
      IdentityType.SERVICE_ACCOUNT,
      IdentityType.CI_PIPELINE,
      IdentityType.AI_AGENT
    };
    if (index < cover.length) {
      return cover[index];
    }
    double u = draw.unit();
    if (u < 0.32) {
      return IdentityType.WORKLOAD;
    }
    if (u < 0.58) {
      return IdentityType.SERVICE_ACCOUNT;
    }
    if (u < 0.72) {
      return IdentityType.CI_PIPELINE;
    }
    if (u < 0.86) {
      return IdentityType.AI_AGENT;
    }
    return u < 0.94 ? IdentityType.API_CLIENT : IdentityType.HUMAN;
  }

  private static IdentityProfile profile(
      int index, IdentityType type, Draw draw, List<String> humans) {
    String service = SERVICES[draw.index(SERVICES.length)];
    Network home = Networks.home(type, draw);
    int utcOffset = utcOffset(home, draw);
    List<String> principals = type == IdentityType.AI_AGENT ? principals(humans, draw) : List.of();
    String id = id(index, type, service, draw);
    boolean admin = type == IdentityType.HUMAN && draw.chance(0.3);
    IdentityKind kind = IdentityKind.of(type);
    return new IdentityProfile(
        index,
        id,
        type,
        habits(type, draw, kind.minTools(), kind.maxTools(), kind.privilegedShare(), admin),
        home,
        type == IdentityType.HUMAN ? draw.pick(Networks.CORPORATE) : null,
        draw.between(0, 255),
        kind.addresses(draw),
        kind.rhythm(draw),
        utcOffset,
        kind.activitiesPerDay(draw),
        kind.usesPerActivity(draw),
        kind.tokenLifetime(draw),
        kind.bound(draw),
        kind.taskScoped(draw),
        kind.revokesAfterTask(draw),
        kind.userAgent(draw),
        kind.issuer(),
        principals,
        null,
        null);
  }

  /** The humans an agent acts for: one to five draws, without repeats. */
  private static List<String> principals(List<String> humans, Draw draw) {
    List<String> principals = new ArrayList<>();
    int served = Math.min(humans.size(), draw.between(1, 5));
    for (int i = 0; i < served; i++) {
      principals.add(draw.pick(humans));
    }
    return List.copyOf(new LinkedHashSet<>(principals));
  }

  private static String id(int index, IdentityType type, String service, Draw draw) {
    String suffix = Integer.toString(index, 36);
    switch (type) {
      case WORKLOAD:
        return "spiffe://prod.corp.example/ns/"
            + NAMESPACES[draw.index(NAMESPACES.length)]
            + "/sa/"
            + service
            + "-"
            + suffix;
      case SERVICE_ACCOUNT:
        return "svc-" + service + "-" + suffix + "@corp.iam";
      case CI_PIPELINE:
        return "ci:github-actions/corp/" + service + "-" + suffix + "/deploy";
      case AI_AGENT:
        return "agent:" + AGENTS[draw.index(AGENTS.length)] + "-" + suffix;
      case API_CLIENT:
        return "client:" + PARTNERS[draw.index(PARTNERS.length)] + "-" + suffix;
      case HUMAN:
      default:
        return humanName(index);
    }
  }

  private static String humanName(int index) {
    Draw names = new Draw(Fingerprints.mix(index + 0x5EEDL));
    return FIRST[names.index(FIRST.length)]
        + "."
        + LAST[names.index(LAST.length)]
        + Integer.toString(index, 36)
        + "@corp.example";
  }

  /**
   * Picks the tools an identity uses and, at each, one to three everyday operations; with {@code
   * privilegedShare} it also habitually uses one privileged (non-admin) operation there, and
   * administrators habitually use admin operations.
   */
  private static List<ToolHabit> habits(
      IdentityType type,
      Draw draw,
      int minTools,
      int maxTools,
      double privilegedShare,
      boolean administrator) {
    List<String> pool = new ArrayList<>(ToolCatalog.pool(type));
    int wanted = Math.min(pool.size(), draw.between(minTools, maxTools));
    List<ToolHabit> habits = new ArrayList<>(wanted);
    for (int i = 0; i < wanted; i++) {
      Tool tool = ToolCatalog.tool(pool.remove(draw.index(pool.size())));
      Set<ToolAction> actions = new LinkedHashSet<>();
      List<ToolAction> everyday = tool.everyday().stream().filter(a -> !a.privileged()).toList();
      int count = Math.min(everyday.size(), draw.between(1, 3));
      while (actions.size() < count) {
        actions.add(draw.pick(everyday));
      }
      List<ToolAction> privileged =
          tool.everyday().stream().filter(ToolAction::privileged).toList();
      // Some tools offer nothing unprivileged (a shell, a secret store): using them at all is
      // privileged.
      if (!privileged.isEmpty() && (actions.isEmpty() || draw.chance(privilegedShare))) {
        actions.add(draw.pick(privileged));
      }
      if (administrator && !tool.admin().isEmpty() && draw.chance(0.5)) {
        actions.add(draw.pick(tool.admin()));
      }
      habits.add(new ToolHabit(tool, List.copyOf(actions), draw.logUniform(0.2, 5)));
    }
    return List.copyOf(habits);
  }

  private static int utcOffset(Network home, Draw draw) {
    if (home.country() == null) {
      return draw.pick(List.of(-5, 0, 1));
    }
    switch (home.country()) {
      case "US":
        return draw.pick(List.of(-8, -5));
      case "GB":
      case "IE":
        return 0;
      default:
        return 1;
    }
  }
}
