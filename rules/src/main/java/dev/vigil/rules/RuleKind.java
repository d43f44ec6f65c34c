package dev.vigil.rules;

import dev.vigil.events.Detection;
import java.util.Locale;

/**
 * The algorithm a rule runs. Each kind belongs to one detection; its parameters are listed in the
 * parameter catalogue of the pack loader. In YAML a kind is written in snake case, e.g. {@code
 * token_context_mismatch}.
 */
public enum RuleKind {
  /** One token from two attested contexts, or from a context other than the one it was bound to. */
  TOKEN_CONTEXT_MISMATCH(Detection.TOKEN_REPLAY),
  /** One token from several networks, ASNs or countries inside a short window. */
  TOKEN_NETWORK_SPREAD(Detection.TOKEN_REPLAY),
  /** A token used after its TOKEN_REVOKED or after token_expires_at plus clock skew. */
  TOKEN_REVOKED_OR_EXPIRED_USE(Detection.TOKEN_REPLAY),
  /**
   * A credential delivered into a workload (an EC2 instance's role credentials, a pod's token) used
   * from a public network other than the one that workload uses it from.
   */
  TOKEN_OFF_DELIVERY_NETWORK(Detection.TOKEN_REPLAY),
  /**
   * A credential delivered into a workload used by the same client (public address and full user
   * agent) that another principal, whose credential was not delivered, used within a short window.
   */
  TOKEN_SHARED_CLIENT(Detection.TOKEN_REPLAY),
  /** A task's token used after that task's TASK_COMPLETED. */
  TASK_TOKEN_AFTER_COMPLETION(Detection.ACCESS_OUTLIVES_INTENT),
  /**
   * A task completed while a token issued for it is still valid: end the token then, before any
   * misuse. A response rather than a detection, so opt-in ({@link #optIn()}).
   */
  TASK_END_REVOCATION(Detection.ACCESS_OUTLIVES_INTENT),
  /** A privileged action with a privilege outside the identity's baseline. */
  NEW_PRIVILEGE(Detection.SUDDEN_PRIVILEGE_USE),
  /** A dormant identity waking straight into privileged actions. */
  DORMANT_WAKEUP(Detection.SUDDEN_PRIVILEGE_USE),
  /** A burst of privileged actions far above the identity's own rate. */
  PRIVILEGE_BURST(Detection.SUDDEN_PRIVILEGE_USE),
  /** One identity reaching many distinct tools in a short window, several new for it. */
  TOOL_FANOUT(Detection.LATERAL_MOVEMENT),
  /** A token minted for one audience presented at a different tool. */
  AUDIENCE_MISMATCH(Detection.LATERAL_MOVEMENT);

  private final Detection detection;

  RuleKind(Detection detection) {
    this.detection = detection;
  }

  public Detection detection() {
    return detection;
  }

  /**
   * Whether packs turn this kind on deliberately: it acts on routine events (every completed task),
   * so a pack without an enabled rule of it is not missing a watch, and the default pack ships it
   * disabled (docs/RULES.md says why).
   */
  public boolean optIn() {
    return this == TASK_END_REVOCATION;
  }

  /** The name used in rule packs. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
