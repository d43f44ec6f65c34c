package dev.vigil.tools.bench;

import dev.vigil.detector.topology.TopologySerdes;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.tools.simulate.SimulatedEstate;
import dev.vigil.tools.simulate.SimulationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** The benchmark's traffic: the first events of a simulated estate, as records and in wire form. */
final class BenchEvents {

  /** Roughly how many events one simulated identity makes per day; only sizes the estate. */
  private static final int EVENTS_PER_IDENTITY_DAY = 150;

  private BenchEvents() {}

  /**
   * The first {@code count} events of an estate of {@code identities}, starting at {@code start}.
   */
  static List<SpecificRecord> simulate(long seed, int identities, int count, Instant start) {
    int days = (int) Math.max(2, 1 + (long) count / ((long) identities * EVENTS_PER_IDENTITY_DAY));
    // No attack campaigns: the benchmark measures cost, and its own probes are injected separately.
    SimulatedEstate estate =
        new SimulatedEstate(SimulationConfig.of(seed, start, days, identities, 0));
    List<SpecificRecord> events = new ArrayList<>(count);
    Iterator<SpecificRecord> it = estate.iterator();
    while (events.size() < count && it.hasNext()) {
      events.add(it.next());
    }
    return events;
  }

  static EncodedEvent encode(SpecificRecord event, VigilTopics topics, TopologySerdes serdes) {
    if (event instanceof AuthEvent a) {
      return new EncodedEvent(
          topics.authEvents(),
          key(a.getIdentityId()),
          serdes.auth().serializer().serialize(topics.authEvents(), a),
          a.getEventTime().toEpochMilli());
    }
    TokenUseEvent u = (TokenUseEvent) event;
    return new EncodedEvent(
        topics.tokenEvents(),
        key(u.getIdentityId()),
        serdes.tokenUse().serializer().serialize(topics.tokenEvents(), u),
        u.getEventTime().toEpochMilli());
  }

  /**
   * The event as if it happened at {@code now}: its event time moved there, and a token's expiry
   * moved with it, so the token lives as long as it did in the simulation.
   */
  static SpecificRecord happeningAt(SpecificRecord event, Instant now) {
    if (event instanceof AuthEvent a) {
      if (a.getTokenExpiresAt() != null) {
        a.setTokenExpiresAt(now.plus(Duration.between(a.getEventTime(), a.getTokenExpiresAt())));
      }
      a.setEventTime(now);
    } else {
      ((TokenUseEvent) event).setEventTime(now);
    }
    return event;
  }

  static Instant eventTime(SpecificRecord event) {
    return event instanceof AuthEvent a ? a.getEventTime() : ((TokenUseEvent) event).getEventTime();
  }

  private static byte[] key(String identity) {
    return identity.getBytes(StandardCharsets.UTF_8);
  }
}
