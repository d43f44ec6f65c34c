package dev.vigil.tools.simulate;

import dev.vigil.events.Detection;
import java.time.Instant;
import java.util.List;

/**
 * Ground truth for one campaign: which detection it exercises, whether it is an attack or a benign
 * look-alike, whom it involves and which events are its own.
 *
 * @param tokenId the credential at the centre of the campaign, or null when several are
 * @param start event time of its first event
 * @param end event time of its last event
 */
public record CampaignLabel(
    String campaignId,
    Detection detection,
    String scenario,
    boolean malicious,
    String identityId,
    String tokenId,
    Instant start,
    Instant end,
    List<String> eventIds) {

  public CampaignLabel {
    eventIds = List.copyOf(eventIds);
  }
}
