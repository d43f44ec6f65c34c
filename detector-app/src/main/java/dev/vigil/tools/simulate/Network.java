package dev.vigil.tools.simulate;

import dev.vigil.events.Source;

/**
 * A network identities connect from: an autonomous system in one country, with the address block
 * the simulator draws IPs from. Internal networks have private addresses and no ASN or country, as
 * an emitter inside the perimeter reports them.
 */
record Network(String name, Long asn, String country, String prefix) {

  /** A request from {@code ip} here by a client outside the estate: no workload, no binding. */
  Source outsider(String ip, String userAgent) {
    return new Source(ip, asn, country, userAgent, null, null);
  }

  boolean internal() {
    return asn == null;
  }

  /** An address in this network; {@code subnet} picks the /24 so churn can move across subnets. */
  String address(int subnet, int host) {
    return prefix + "." + (subnet & 0xff) + "." + (1 + Math.floorMod(host, 254));
  }
}
