package dev.vigil.detector.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent sightings at one public address, kept apart by side (delivered credentials, others),
 * each side in event-time order and capped, oldest first out; and the evidence already reported
 * there, so one pair of principals is reported once. Bounded three ways: by the cap per side, by
 * event time (nothing older than the retention before the newest sighting), and by the sweep that
 * drops a whole address once its newest sighting is that old.
 */
public final class ClientSightings {

  /**
   * Sightings of one principal with one client closer than this are one: the identity's task sends
   * at most one a minute (see {@code SightingProcessor}), and a copy sent again after a restart, or
   * the same event twice, must change nothing.
   */
  public static final Duration RESIGHT_AFTER = Duration.ofMinutes(1);

  private static final Comparator<ClientSighting> BY_TIME =
      Comparator.comparing(ClientSighting::eventTime).thenComparing(ClientSighting::eventId);

  final List<ClientSighting> delivered = new ArrayList<>();
  final List<ClientSighting> others = new ArrayList<>();

  /** Reported evidence keys, with the event time of the later event of their evidence. */
  final Map<String, Instant> reported = new LinkedHashMap<>();

  Instant newest;

  /** The side {@code sighting} belongs to. */
  List<ClientSighting> sideOf(ClientSighting sighting) {
    return sighting.delivered() ? delivered : others;
  }

  /** The side a partner of {@code sighting} must come from. */
  List<ClientSighting> oppositeOf(ClientSighting sighting) {
    return sighting.delivered() ? others : delivered;
  }

  /**
   * Adds {@code sighting} in time order unless it repeats one already kept (the same principal and
   * client within {@link #RESIGHT_AFTER}); past {@code capPerSide}, the side's oldest goes.
   *
   * @return false when it was a repeat and nothing changed
   */
  boolean add(ClientSighting sighting, int capPerSide) {
    List<ClientSighting> side = sideOf(sighting);
    String principal = sighting.principalKey();
    for (ClientSighting kept : side) {
      if (kept.principalKey().equals(principal)
          && Duration.between(kept.eventTime(), sighting.eventTime()).abs().compareTo(RESIGHT_AFTER)
              < 0) {
        return false;
      }
    }
    int at = 0;
    while (at < side.size() && BY_TIME.compare(side.get(at), sighting) <= 0) {
      at++;
    }
    side.add(at, sighting);
    while (side.size() > capPerSide) {
      side.remove(0);
    }
    if (newest == null || sighting.eventTime().isAfter(newest)) {
      newest = sighting.eventTime();
    }
    return true;
  }

  /** Marks {@code key} reported; false if it already was. */
  boolean markReported(String key, Instant evidenceTime, int cap) {
    if (reported.containsKey(key)) {
      return false;
    }
    reported.put(key, evidenceTime);
    Iterator<String> oldest = reported.keySet().iterator();
    while (reported.size() > cap) {
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /** Forgets sightings and reported evidence older than {@code before}. */
  void forgetBefore(Instant before) {
    delivered.removeIf(s -> s.eventTime().isBefore(before));
    others.removeIf(s -> s.eventTime().isBefore(before));
    reported.values().removeIf(t -> t.isBefore(before));
  }

  public boolean isEmpty() {
    return delivered.isEmpty() && others.isEmpty() && reported.isEmpty();
  }

  /** The newest sighting's event time here, or null when none was ever added. */
  public Instant newest() {
    return newest;
  }

  /** How many sightings are kept (both sides). */
  public int size() {
    return delivered.size() + others.size();
  }
}
