package dev.vigil.adapters.enrich;

import java.net.InetAddress;

/** {@link NetworkEnricher#none()}. */
enum NoNetworkEnricher implements NetworkEnricher {
  INSTANCE;

  @Override
  public NetworkInfo lookup(InetAddress address) {
    return NetworkInfo.UNKNOWN;
  }
}
