package dev.vigil.rules.match;

import dev.vigil.events.Source;

/**
 * The network a request came from, coarse enough that one workload's own IP churn stays one network
 * and fine enough that a second organisation is a second network. Used to count how many networks
 * one token is presented from.
 *
 * <ul>
 *   <li>{@code asn:<n>} when the emitter knows the autonomous system: the best grain, since a cloud
 *       workload's egress addresses change but its ASN does not;
 *   <li>{@code private} for RFC 1918, loopback, link-local, and IPv6 unique-local addresses: all of
 *       an organisation's internal space is one network, because internal addresses say nothing
 *       about who holds the token across NAT and VPNs;
 *   <li>otherwise the {@code /24} (IPv4) or {@code /48} (IPv6) prefix, e.g. {@code 203.0.113.0/24},
 *       the smallest blocks routed on the internet, so addresses of one site share a key;
 *   <li>null when neither the ASN nor a parseable IP is known.
 * </ul>
 */
public final class NetworkKey {

  public static final String PRIVATE = "private";

  private static final Cidr[] PRIVATE_BLOCKS = {
    Cidr.parse("10.0.0.0/8"),
    Cidr.parse("172.16.0.0/12"),
    Cidr.parse("192.168.0.0/16"),
    Cidr.parse("127.0.0.0/8"),
    Cidr.parse("169.254.0.0/16"),
    Cidr.parse("::1/128"),
    Cidr.parse("fe80::/10"),
    Cidr.parse("fc00::/7"),
  };

  private NetworkKey() {}

  public static String of(Source source) {
    if (source == null) {
      return null;
    }
    if (source.getAsn() != null) {
      return "asn:" + source.getAsn();
    }
    return ofIp(source.getIp());
  }

  /** The key of a bare IP address (no ASN known), or null when it is not an address literal. */
  public static String ofIp(String ip) {
    byte[] address = IpAddress.parse(ip);
    if (address == null) {
      return null;
    }
    for (Cidr block : PRIVATE_BLOCKS) {
      if (block.containsAddress(address)) {
        return PRIVATE;
      }
    }
    return Cidr.prefixOf(address, address.length == 4 ? 24 : 48).toString();
  }
}
