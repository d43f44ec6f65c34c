package dev.vigil.tools.adapt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per source: records in, and what became of them ({@code vigil_adapter_records_total} by outcome
 * and reason), plus the contract events written. Labels are the source name and the adapters' fixed
 * reason codes, never an identity, a token or a record's content.
 */
public final class AdapterMetrics {

  private final MeterRegistry registry;

  public AdapterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the meters of {@code source} at zero, so a dashboard sees them from the start. */
  public void registerSource(String source) {
    records(source, "mapped", "none");
    events(source);
  }

  public void mapped(String source, int events) {
    records(source, "mapped", "none").increment();
    events(source).increment(events);
  }

  public void skipped(String source, String reason) {
    records(source, "skipped", reason).increment();
  }

  public void deadLettered(String source, String reason) {
    records(source, "dead_lettered", reason).increment();
  }

  private Counter records(String source, String outcome, String reason) {
    return Counter.builder("vigil.adapter.records")
        .description("Raw vendor records read, by source and what became of them")
        .tag("source", source)
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }

  private Counter events(String source) {
    return Counter.builder("vigil.adapter.events")
        .description("Contract events written from a source's records")
        .tag("source", source)
        .register(registry);
  }
}
