package dev.vigil.tools.simulate;

import java.util.ArrayList;
import java.util.List;

/** The events a campaign planned, and the event-time span they cover. */
final class Recording {

  final List<String> eventIds = new ArrayList<>();
  long first = Long.MAX_VALUE;
  long last = Long.MIN_VALUE;

  void add(long time, String eventId) {
    eventIds.add(eventId);
    first = Math.min(first, time);
    last = Math.max(last, time);
  }
}
