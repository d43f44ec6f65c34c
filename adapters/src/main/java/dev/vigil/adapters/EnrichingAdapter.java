package dev.vigil.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.enrich.EventEnrichment;
import dev.vigil.adapters.enrich.NetworkEnricher;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** An adapter whose mapped events get their network filled in by a {@link NetworkEnricher}. */
final class EnrichingAdapter implements SourceAdapter {

  private final SourceAdapter delegate;
  private final EventEnrichment enrichment;

  EnrichingAdapter(SourceAdapter delegate, NetworkEnricher enricher) {
    this.delegate = delegate;
    this.enrichment = new EventEnrichment(enricher);
  }

  @Override
  public String source() {
    return delegate.source();
  }

  @Override
  public String rawTopic() {
    return delegate.rawTopic();
  }

  @Override
  public AdapterResult map(JsonNode record) {
    AdapterResult result = delegate.map(record);
    if (!result.isMapped()) {
      return result;
    }
    List<SpecificRecord> enriched = new ArrayList<>(result.events().size());
    for (SpecificRecord event : result.events()) {
      enriched.add(enrichment.enrich(event));
    }
    return result.withEvents(enriched);
  }
}
