package dev.vigil.adapters;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a {@link SourceAdapter} made of one record: contract events ({@link Status#MAPPED}), a
 * deliberate skip with a short stable reason code that callers count and drop ({@link
 * Status#SKIPPED}, e.g. {@code irrelevant-event-type}), or a failure with a reason for the
 * dead-letter topic ({@link Status#UNMAPPABLE}, e.g. {@code missing-field:userIdentity.arn}). The
 * reason codes are listed in {@link Reasons}.
 */
public final class AdapterResult {

  /** The three outcomes of mapping one record. */
  public enum Status {
    MAPPED,
    SKIPPED,
    UNMAPPABLE
  }

  private final Status status;
  private final List<SpecificRecord> events;
  private final String reason;

  private AdapterResult(Status status, List<SpecificRecord> events, String reason) {
    this.status = status;
    this.events = events;
    this.reason = reason;
  }

  /**
   * One or more events, each an {@link AuthEvent} or a {@link TokenUseEvent}, in the order the
   * vendor implies (a use of the caller's credential before the credential it minted).
   */
  public static AdapterResult mapped(List<? extends SpecificRecord> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a mapped result has at least one event; skip instead");
    }
    for (SpecificRecord event : events) {
      if (!(event instanceof AuthEvent) && !(event instanceof TokenUseEvent)) {
        throw new IllegalArgumentException("not a contract event: " + event);
      }
    }
    return new AdapterResult(Status.MAPPED, List.copyOf(events), null);
  }

  public static AdapterResult mapped(SpecificRecord... events) {
    return mapped(List.of(events));
  }

  /** A record the source writes but Vigil has no use for; counted, not dead-lettered. */
  public static AdapterResult skipped(String reason) {
    return new AdapterResult(Status.SKIPPED, List.of(), requireReason(reason));
  }

  /** A record Vigil should use but cannot; the reason goes to the dead-letter topic. */
  public static AdapterResult unmappable(String reason) {
    return new AdapterResult(Status.UNMAPPABLE, List.of(), requireReason(reason));
  }

  public Status status() {
    return status;
  }

  public boolean isMapped() {
    return status == Status.MAPPED;
  }

  /** The events of a mapped result; empty otherwise. */
  public List<SpecificRecord> events() {
    return events;
  }

  /** The reason code of a skipped or unmappable result; null when mapped. */
  public String reason() {
    return reason;
  }

  /** The same result with its events replaced, e.g. after network enrichment. */
  public AdapterResult withEvents(List<? extends SpecificRecord> replaced) {
    if (status != Status.MAPPED) {
      throw new IllegalStateException("only a mapped result has events");
    }
    return mapped(replaced);
  }

  private static String requireReason(String reason) {
    if (Objects.requireNonNull(reason, "reason").isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdapterResult other
        && status == other.status
        && events.equals(other.events)
        && Objects.equals(reason, other.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, events, reason);
  }

  @Override
  public String toString() {
    return status == Status.MAPPED ? "MAPPED" + events : status + "(" + reason + ")";
  }
}
