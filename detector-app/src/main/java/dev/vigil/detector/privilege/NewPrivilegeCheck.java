package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.rules.Rule;
import dev.vigil.rules.match.Glob;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * new_privilege: a privileged use of a privilege the identity has not used within the horizon, once
 * the identity is past its learning period (Elastic's {@code new_terms} over one identity's
 * privileges).
 *
 * <p>Every outcome is evidence: a DENIED or FAILED attempt at a new privilege is exactly what a
 * stolen credential probing for reach looks like. Only a SUCCESS teaches the baseline (done by the
 * detector after the checks), so a denied attempt fires again when repeated while a successful one
 * fires once and is then known. A privilege announced by a scope granted to the identity within the
 * horizon (a role change: a successful TOKEN_ISSUED, TOKEN_REFRESHED or ROLE_ASSUMED carrying it)
 * is not evidence when the rule trusts granted scopes.
 */
final class NewPrivilegeCheck {

  private NewPrivilegeCheck() {}

  static Optional<Finding> evaluate(
      Rule rule, IdentityBaseline state, PrivilegeUse use, ObservedEvent event, long identityAge) {
    long time = event.eventTime().toEpochMilli();
    long horizon = rule.params().duration("horizon").toMillis();
    if (!use.privileged()
        || identityAge < rule.params().duration("learning_period").toMillis()
        || rule.exceptions().covers(event.identityId(), use.tool(), use.ip())) {
      return Optional.empty();
    }
    Long lastUsed = state.privileges.get(use.privilege());
    if (lastUsed != null && lastUsed >= time - horizon) {
      return Optional.empty();
    }
    if (rule.params().flag("trust_granted_scopes")
        && announced(state, use.privilege(), time, horizon)) {
      return Optional.empty();
    }
    int baselineSize = countWithin(state.privileges, time - horizon);
    String attempt = use.succeeded() ? "used" : "attempted (" + use.outcome() + ")";
    String summary =
        event.identityId()
            + " "
            + attempt
            + " privilege '"
            + use.privilege()
            + "' at "
            + use.tool()
            + " (action "
            + use.action()
            + "), which is not among the "
            + baselineSize
            + " privileges it used in the last "
            + FindingWording.span(horizon)
            + " (identity known since "
            + FindingWording.time(state.firstSeen)
            + ").";
    return Optional.of(
        Finding.of(
            rule,
            event,
            use.privilege() + "@" + time,
            event.eventTime(),
            summary,
            List.of(event.eventId()),
            Map.of(
                "privileges", List.of(use.privilege()),
                "tools", List.of(use.tool()),
                "actions", List.of(use.action()),
                "sources", FindingWording.sources(event.source())),
            1));
  }

  /** Whether a scope granted within the horizon names the privilege (exactly, or as a glob). */
  private static boolean announced(
      IdentityBaseline state, String privilege, long time, long horizon) {
    for (Map.Entry<String, Long> grant : state.granted.entrySet()) {
      if (grant.getValue() >= time - horizon && Glob.compile(grant.getKey()).matches(privilege)) {
        return true;
      }
    }
    return false;
  }

  private static int countWithin(Map<String, Long> entries, long oldest) {
    int n = 0;
    for (long t : entries.values()) {
      if (t >= oldest) {
        n++;
      }
    }
    return n;
  }
}
