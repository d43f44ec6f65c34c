package dev.vigil.tools.simulate;

/** Plays one scenario through the victim's actor, planning its events no earlier than its start. */
@FunctionalInterface
interface CampaignScript {

  CampaignLabel play(CampaignPlan plan, Actor actor, long deadline);
}
