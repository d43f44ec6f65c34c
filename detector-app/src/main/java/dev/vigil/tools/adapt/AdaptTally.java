package dev.vigil.tools.adapt;

import dev.vigil.adapters.AdapterResult;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of the records of one source: how many came in, were mapped (and into how many
 * events), were skipped (by reason: counted, not errors) and were dead-lettered (by reason). Every
 * record lands in exactly one of the three, so {@code in = mapped + skipped + deadLettered}.
 */
public final class AdaptTally {

  private final String source;
  private long in;
  private long mapped;
  private long events;
  private final Map<String, Long> skipped = new TreeMap<>();
  private final Map<String, Long> deadLettered = new TreeMap<>();

  public AdaptTally(String source) {
    this.source = source;
  }

  /** Counts one mapping outcome. */
  public void count(AdapterResult result) {
    in++;
    switch (result.status()) {
      case MAPPED -> {
        mapped++;
        events += result.events().size();
      }
      case SKIPPED -> skipped.merge(result.reason(), 1L, Long::sum);
      case UNMAPPABLE -> deadLettered.merge(result.reason(), 1L, Long::sum);
    }
  }

  /** Counts a record that could not even be read as JSON. */
  public void unreadable(String reason) {
    in++;
    deadLettered.merge(reason, 1L, Long::sum);
  }

  public long in() {
    return in;
  }

  public long mapped() {
    return mapped;
  }

  public long events() {
    return events;
  }

  public Map<String, Long> skipped() {
    return skipped;
  }

  public Map<String, Long> deadLettered() {
    return deadLettered;
  }

  /** One paragraph for a person: the totals, then each reason with its count. */
  public String render() {
    StringBuilder text =
        new StringBuilder()
            .append(source)
            .append(": ")
            .append(in)
            .append(" records in, ")
            .append(mapped)
            .append(" mapped into ")
            .append(events)
            .append(" events, ")
            .append(sum(skipped))
            .append(" skipped, ")
            .append(sum(deadLettered))
            .append(" dead-lettered");
    skipped.forEach(
        (reason, n) -> text.append("\n  skipped ").append(reason).append(": ").append(n));
    deadLettered.forEach(
        (reason, n) -> text.append("\n  dead-lettered ").append(reason).append(": ").append(n));
    return text.toString();
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
