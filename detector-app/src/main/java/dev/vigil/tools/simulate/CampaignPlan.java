package dev.vigil.tools.simulate;

/**
 * A campaign decided before generation: what, against whom, when. {@code quietFrom} is when a
 * dormant victim stops its habits; {@code accomplice} is another identity the scenario borrows (the
 * workload presenting a stolen bound token), or null.
 */
record CampaignPlan(
    String campaignId,
    Scenario scenario,
    IdentityProfile victim,
    long start,
    long quietFrom,
    IdentityProfile accomplice) {}
