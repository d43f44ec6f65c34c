package dev.vigil.detector.privilege;

import dev.vigil.detector.Finding;
import dev.vigil.detector.FindingWording;
import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.baseline.PeerView;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleParams;
import dev.vigil.rules.match.Glob;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * new_privilege: a privileged use of a privilege the identity has not used within the horizon
 * (Elastic's {@code new_terms} over one identity's privileges), judged by whom the identity is:
 *
 * <ul>
 *   <li>once its own baseline is <em>mature</em> — active on {@code min_active_days} distinct days
 *       and unchanged for {@code min_observations} uses, or older than {@code learning_period} —
 *       against that baseline, unless at least {@code peer_common_share} of its peers used the
 *       privilege (what identities of its kind do is not news);
 *   <li>before that, against its peer group: the privilege is news only when the group has at least
 *       {@code peer_min_members} members and at most {@code peer_rare_share} of them used it.
 *       Without peer knowledge a young identity is left alone.
 * </ul>
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
      Rule rule,
      IdentityBaseline state,
      PrivilegeUse use,
      ObservedEvent event,
      long identityAge,
      PeerView peers) {
    long time = event.eventTime().toEpochMilli();
    RuleParams params = rule.params();
    long horizon = params.duration("horizon").toMillis();
    if (!use.privileged() || rule.exceptions().covers(event.identityId(), use.tool(), use.ip())) {
      return Optional.empty();
    }
    Long lastUsed = state.privileges.get(use.privilege());
    if (lastUsed != null && lastUsed >= time - horizon) {
      return Optional.empty();
    }
    if (params.flag("trust_granted_scopes") && announced(state, use.privilege(), time, horizon)) {
      return Optional.empty();
    }
    String self = event.identityId();
    boolean peersJudge = peers.judges(self, params.integer("peer_min_members"));
    double share = peersJudge ? peers.share(use.privilege(), self) : 0.0;
    boolean mature = state.evidence.mature(identityAge, params);
    if (mature) {
      if (peersJudge && share >= params.decimal("peer_common_share")) {
        return Optional.empty();
      }
    } else if (!peersJudge || share > params.decimal("peer_rare_share")) {
      return Optional.empty();
    }
    String attempt = use.succeeded() ? "used" : "attempted (" + use.outcome() + ")";
    String against =
        mature
            ? "which is not among the "
                + countWithin(state.privileges, time - horizon)
                + " privileges it used in the last "
                + FindingWording.span(horizon)
                + " (identity known since "
                + FindingWording.time(state.firstSeen)
                + ")"
            : "which "
                + peerCount(peers, use.privilege(), self)
                + " of its "
                + peers.peers(self)
                + " peers ("
                + peers.group()
                + ") used in the last "
                + FindingWording.span(horizon)
                + "; its own baseline is not mature yet ("
                + state.evidence.progress(identityAge, params)
                + ")";
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
            + "), "
            + against
            + ".";
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
                "sources", FindingWording.sources(event.source()),
                "judged_against", List.of(mature ? "own baseline" : "peer group")),
            1));
  }

  static String peerCount(PeerView peers, String term, String self) {
    int users = peers.users(term, self);
    return users == 0 ? "none" : "only about " + users;
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
