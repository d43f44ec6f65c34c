package dev.vigil.tools.simulate;

import java.util.List;

/**
 * One operation a tool offers. {@code privileged} is what an emitter would flag; {@code admin}
 * marks the operations an attacker reaches for (org admin, IAM keys, cluster-admin, policy writes),
 * which habits include only for identities whose job is administration.
 */
record ToolAction(
    String tool,
    String action,
    String privilege,
    boolean privileged,
    boolean admin,
    List<String> resources) {

  String resource(Draw draw) {
    return resources.isEmpty() ? null : draw.pick(resources);
  }
}
