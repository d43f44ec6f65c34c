package dev.vigil.tools.simulate;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.avro.specific.SpecificRecord;

/**
 * Merges the identities' timelines into one stream in event-time order (ties broken by identity,
 * then by planning order), pulling one event at a time.
 */
final class EventMerger implements Iterator<SpecificRecord> {

  private record Head(long time, IdentityTimeline timeline) {}

  private final PriorityQueue<Head> heads =
      new PriorityQueue<>(
          Comparator.comparingLong(Head::time).thenComparingInt(h -> h.timeline().index()));
  private final Runnable onExhausted;
  private boolean exhausted;

  EventMerger(List<IdentityTimeline> timelines, Runnable onExhausted) {
    this.onExhausted = onExhausted;
    for (IdentityTimeline timeline : timelines) {
      offer(timeline);
    }
    checkExhausted();
  }

  @Override
  public boolean hasNext() {
    return !heads.isEmpty();
  }

  @Override
  public SpecificRecord next() {
    Head head = heads.poll();
    if (head == null) {
      throw new NoSuchElementException("the simulation has no more events");
    }
    SpecificRecord record = head.timeline().poll();
    offer(head.timeline());
    checkExhausted();
    return record;
  }

  private void offer(IdentityTimeline timeline) {
    long time = timeline.peekTime();
    if (time != Long.MAX_VALUE) {
      heads.add(new Head(time, timeline));
    }
  }

  private void checkExhausted() {
    if (heads.isEmpty() && !exhausted) {
      exhausted = true;
      onExhausted.run();
    }
  }
}
