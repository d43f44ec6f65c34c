/**
 * Network enrichment: {@link dev.vigil.adapters.enrich.NetworkEnricher} looks up an address's ASN,
 * organisation and country; {@link dev.vigil.adapters.enrich.MaxMindNetworkEnricher} reads
 * MaxMind-format databases; {@link dev.vigil.adapters.enrich.EventEnrichment} fills events' {@code
 * source} where the vendor left it empty. Only strict IP literals are looked up ({@link
 * dev.vigil.adapters.enrich.IpLiterals}); anything else stays as the vendor wrote it.
 */
package dev.vigil.adapters.enrich;
