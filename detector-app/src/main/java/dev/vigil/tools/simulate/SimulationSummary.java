package dev.vigil.tools.simulate;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/** Counts what a simulation produced, for the summary a user reads on stderr. */
final class SimulationSummary {

  long authEvents;
  long tokenUses;
  Instant first;
  Instant last;

  void count(SpecificRecord record) {
    Instant time;
    if (record instanceof AuthEvent auth) {
      authEvents++;
      time = auth.getEventTime();
    } else {
      tokenUses++;
      time = ((TokenUseEvent) record).getEventTime();
    }
    if (first == null) {
      first = time;
    }
    last = time;
  }

  long events() {
    return authEvents + tokenUses;
  }

  String describe(SimulatedEstate estate, long elapsedMillis) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "simulated %,d events (%,d auth, %,d token_use) from %s to %s in %.1f s (%,.0f events/s)%n",
            events(),
            authEvents,
            tokenUses,
            first,
            last,
            elapsedMillis / 1000.0,
            events() * 1000.0 / Math.max(1, elapsedMillis)));
    text.append("identities: ").append(estate.identitiesByType()).append('\n');
    Map<String, int[]> scenarios = new TreeMap<>();
    for (CampaignLabel label : estate.labels()) {
      String key =
          (label.malicious() ? "attack " : "benign ") + label.detection() + " " + label.scenario();
      scenarios.computeIfAbsent(key, k -> new int[2])[0]++;
      scenarios.get(key)[1] += label.eventIds().size();
    }
    text.append(
        String.format(
            "campaigns: %d (%d unplaced: no fitting identity)%n",
            estate.labels().size(), estate.unplacedCampaigns()));
    scenarios.forEach(
        (key, counts) ->
            text.append(
                String.format("  %-72s %3d campaigns %6d events%n", key, counts[0], counts[1])));
    return text.toString();
  }
}
