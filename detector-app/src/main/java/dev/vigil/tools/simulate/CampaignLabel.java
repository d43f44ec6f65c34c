package dev.vigil.tools.simulate;

import dev.vigil.events.Detection;
import java.time.Instant;
import java.util.List;

/**
 * Ground truth for one campaign: which detection it exercises, whether it is an attack or a benign
 * look-alike, whom it involves and which events are its own.
 *
 * @param identityId the identity it involves; {@code *} for a campaign of the whole estate (Vigil
 *     itself down and restarted), which concerns every identity
 * @param tokenId the credential at the centre of the campaign, or null when several are
 * @param start event time of its first event
 * @param end event time of its last event
 * @param firstMaliciousEventId for an attack, its first malicious event (a campaign may begin with
 *     benign-looking events: the issuance of the token later stolen, the task's completion); time
 *     to detect runs from it. Null for a look-alike, and for labels written before it existed
 * @param firstMalicious event time of that event, or null
 * @param identityCreated when the identity was created, if after the estate began (after Vigil
 *     started); null for an identity that existed before
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
    List<String> eventIds,
    String firstMaliciousEventId,
    Instant firstMalicious,
    Instant identityCreated) {

  /** The identity of a campaign that concerns the whole estate. */
  public static final String EVERY_IDENTITY = "*";

  public CampaignLabel {
    eventIds = List.copyOf(eventIds);
  }

  /** A label without first malicious event or creation time (look-alikes, older label files). */
  public CampaignLabel(
      String campaignId,
      Detection detection,
      String scenario,
      boolean malicious,
      String identityId,
      String tokenId,
      Instant start,
      Instant end,
      List<String> eventIds) {
    this(
        campaignId,
        detection,
        scenario,
        malicious,
        identityId,
        tokenId,
        start,
        end,
        eventIds,
        null,
        null,
        null);
  }

  /** When time to detect starts: the first malicious event, else the campaign's first event. */
  public Instant attackStart() {
    return firstMalicious != null ? firstMalicious : start;
  }
}
