package dev.vigil.detector.privilege;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.detector.state.StateText;
import dev.vigil.events.Outcome;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.rules.RulePack;

/**
 * The facts of one token use the privilege rules read.
 *
 * @param privilege the privilege exercised or, when the emitter names none, the action: the same
 *     subject the pack's privileged patterns are matched against, and the baseline's key
 * @param privileged flagged by the emitter or matching a privileged pattern of the pack
 */
record PrivilegeUse(
    String privilege, String tool, String action, Outcome outcome, boolean privileged, String ip) {

  static PrivilegeUse of(ObservedEvent event, RulePack pack) {
    TokenUseEvent use = event.use();
    String subject = use.getPrivilege() != null ? use.getPrivilege() : use.getAction();
    return new PrivilegeUse(
        StateText.cut(subject),
        use.getTool(),
        use.getAction(),
        use.getOutcome(),
        pack.isPrivileged(use.getPrivilege(), use.getAction(), use.getPrivileged()),
        event.source().getIp());
  }

  boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }
}
