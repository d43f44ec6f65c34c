package dev.vigil.tools.simulate;

/**
 * A campaign decided before generation: what, against whom, when. The victim keeps no habits in
 * [{@code quietFrom}, {@code quietUntil}) (a dormant victim from {@code quietFrom} on, a paused job
 * until it resumes); it exists only from {@code createdAt} on ({@link #EXISTED}: since before the
 * estate began). {@code accomplice} is another identity the scenario borrows (the workload
 * presenting a stolen bound token), or null. {@code strikeAt} is when the attack's malicious part
 * must begin, for a campaign whose preparation starts earlier (the demo puts every attack's first
 * malicious event in its first minute); {@link #NEVER} lets the scenario draw it.
 */
record CampaignPlan(
    String campaignId,
    Scenario scenario,
    IdentityProfile victim,
    long start,
    long quietFrom,
    long quietUntil,
    long createdAt,
    IdentityProfile accomplice,
    long strikeAt) {

  /** {@code createdAt} of an identity that existed before the estate began. */
  static final long EXISTED = Long.MIN_VALUE;

  /** No quiet period. */
  static final long NEVER = Long.MAX_VALUE;
}
