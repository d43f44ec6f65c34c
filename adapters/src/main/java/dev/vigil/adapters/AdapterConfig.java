package dev.vigil.adapters;

import dev.vigil.adapters.enrich.NetworkEnricher;
import java.util.Objects;

/**
 * What the adapters need from the operator: the key for {@link TokenFingerprints} and, optionally,
 * a {@link NetworkEnricher} that fills {@code source.asn}/{@code source.country} where the vendor
 * records only an address.
 */
public record AdapterConfig(TokenFingerprints fingerprints, NetworkEnricher enricher) {

  public AdapterConfig {
    Objects.requireNonNull(fingerprints, "fingerprints");
    Objects.requireNonNull(enricher, "enricher");
  }

  /** No fingerprint key, no enrichment: what {@link SourceAdapters#byName(String)} uses. */
  public static AdapterConfig defaults() {
    return new AdapterConfig(TokenFingerprints.disabled(), NetworkEnricher.none());
  }

  public AdapterConfig withFingerprints(TokenFingerprints replaced) {
    return new AdapterConfig(replaced, enricher);
  }

  public AdapterConfig withEnricher(NetworkEnricher replaced) {
    return new AdapterConfig(fingerprints, replaced);
  }
}
