package dev.vigil.adapters.enrich;

import java.net.InetAddress;

/**
 * Looks up the network (ASN, organisation, country) of a client address. The replay detector counts
 * distinct networks and countries per token, so an event that carries only an address gains most of
 * its value here. {@link EventEnrichment} calls this only with addresses that parsed as IP
 * literals; text that is not an address (anonymised or service names) is never looked up.
 *
 * <p>Implementations must be thread-safe and must not do network I/O per lookup.
 */
public interface NetworkEnricher {

  /** What is known of {@code address}; {@link NetworkInfo#UNKNOWN} when nothing. Never null. */
  NetworkInfo lookup(InetAddress address);

  /** The enricher that knows nothing: events keep what the vendor recorded. */
  static NetworkEnricher none() {
    return NoNetworkEnricher.INSTANCE;
  }
}
