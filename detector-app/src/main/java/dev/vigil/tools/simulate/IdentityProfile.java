package dev.vigil.tools.simulate;

import dev.vigil.events.IdentityType;
import java.time.Duration;
import java.util.List;

/**
 * Who an identity is and its habits: the tools and operations it uses, where it connects from, when
 * and how often it works, and how it holds credentials. Fixed for the whole run; campaigns are
 * departures from it.
 *
 * @param activitiesPerDay mean sessions (or tasks) per day, modulated by {@code rhythm}
 * @param usesPerActivity mean requests per session beyond the first
 * @param addresses how many addresses of its network it uses (a pod pool, a NAT gateway, runners)
 * @param bound tokens are bound to its workload identity and key (SPIFFE SVID, DPoP)
 * @param taskScoped credentials are minted per task: TASK_STARTED, TOKEN_ISSUED(task), uses,
 *     TASK_COMPLETED
 * @param revokesAfterTask the task runner revokes its token on completion
 * @param principals humans an agent acts on behalf of
 * @param team its peers: identities of its type and name without the instance suffix (and
 *     namespace, for workloads), as Vigil's default peer grouping sees them; null for people
 * @param adoptable its team's shared privileged habit, when it alone does not have it (most of its
 *     teammates do): what it may start doing one day; null otherwise
 */
record IdentityProfile(
    int index,
    String id,
    IdentityType type,
    List<ToolHabit> tools,
    Network home,
    Network office,
    int subnet,
    int addresses,
    Rhythm rhythm,
    int utcOffsetHours,
    double activitiesPerDay,
    double usesPerActivity,
    Duration tokenLifetime,
    boolean bound,
    boolean taskScoped,
    boolean revokesAfterTask,
    String userAgent,
    String issuer,
    List<String> principals,
    String team,
    ToolHabit adoptable) {

  /** The same identity with other habits and team facts. */
  IdentityProfile withTeam(List<ToolHabit> habits, String team, ToolHabit adoptable) {
    return new IdentityProfile(
        index,
        id,
        type,
        List.copyOf(habits),
        home,
        office,
        subnet,
        addresses,
        rhythm,
        utcOffsetHours,
        activitiesPerDay,
        usesPerActivity,
        tokenLifetime,
        bound,
        taskScoped,
        revokesAfterTask,
        userAgent,
        issuer,
        principals,
        team,
        adoptable);
  }

  boolean hasPrivilegedHabit() {
    return tools.stream().anyMatch(ToolHabit::hasPrivileged);
  }

  boolean uses(String tool) {
    return tools.stream().anyMatch(h -> h.tool().name().equals(tool));
  }

  boolean hasHabitualAction(ToolAction action) {
    return tools.stream().anyMatch(h -> h.actions().contains(action));
  }
}
