package dev.vigil.detector.replay;

import dev.vigil.detector.ObservedEvent;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.Source;
import java.time.Instant;

/**
 * What the replay detector remembers of one use of a token: enough to judge it again when a
 * defining event (issuance, revocation) arrives late, and to count networks inside a window.
 */
record TokenUse(
    Instant time,
    String eventId,
    boolean successful,
    String tool,
    String ip,
    String workloadId,
    String binding,
    String network,
    String country) {

  static TokenUse of(ObservedEvent event, String network) {
    Source source = event.source();
    return new TokenUse(
        event.eventTime(),
        event.eventId(),
        event.use().getOutcome() == dev.vigil.events.Outcome.SUCCESS,
        event.use().getTool(),
        source.getIp(),
        source.getWorkloadId(),
        source.getBinding(),
        network,
        source.getCountry());
  }

  /**
   * Where an issuance or refresh was requested from, in a use's shape so a network window counts it
   * as one: no tool and no attested context (the request's context is the token's binding).
   */
  static TokenUse requestOf(AuthEvent auth, String network) {
    Source source = auth.getSource();
    return new TokenUse(
        auth.getEventTime(),
        auth.getEventId(),
        true,
        null,
        source.getIp(),
        null,
        null,
        network,
        source.getCountry());
  }

  /**
   * Same outcome, tool, context, network and country: uses that differ only in time, id and the
   * address inside one network (pods and NAT pools change addresses on every request). The address
   * is not compared, so an address exception covering only some addresses of one network may see
   * only the latest address when a late event re-judges.
   */
  boolean sameKind(TokenUse other) {
    return successful == other.successful
        && java.util.Objects.equals(tool, other.tool)
        && java.util.Objects.equals(workloadId, other.workloadId)
        && java.util.Objects.equals(binding, other.binding)
        && java.util.Objects.equals(network, other.network)
        && java.util.Objects.equals(country, other.country);
  }

  boolean attested() {
    return workloadId != null || binding != null;
  }

  /** Two contexts conflict when a field both of them know differs. */
  boolean conflictsWith(String otherWorkload, String otherBinding) {
    return (workloadId != null && otherWorkload != null && !workloadId.equals(otherWorkload))
        || (binding != null && otherBinding != null && !binding.equals(otherBinding));
  }

  String context() {
    return "workload=" + workloadId + " binding=" + binding;
  }

  String describeSource() {
    return (ip == null ? "unknown-ip" : ip)
        + (network == null ? "" : " (" + network + (country == null ? "" : ", " + country) + ")");
  }
}
