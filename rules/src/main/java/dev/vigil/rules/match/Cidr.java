package dev.vigil.rules.match;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address block, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}. A bare address
 * is a block of one ({@code /32} or {@code /128}). Blocks with host bits set ({@code 10.1.2.3/8})
 * are refused: they are nearly always a typo, and guessing which block was meant would silently
 * widen or narrow an exception.
 */
public final class Cidr {

  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /** Parses a block; throws IllegalArgumentException naming what is wrong. */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a network must not be empty");
    }
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    byte[] address = IpAddress.parse(addressText);
    if (address == null || (addressText.indexOf(':') >= 0 && address.length == 4 && slash >= 0)) {
      // A mapped IPv4 address with an IPv6 prefix length would be ambiguous; refuse it.
      throw new IllegalArgumentException("'" + addressText + "' is not an IPv4 or IPv6 address");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String prefixText = text.substring(slash + 1);
      if (prefixText.isEmpty()
          || prefixText.length() > 3
          || !prefixText.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + prefixText + "' is not a prefix length");
      }
      prefix = Integer.parseInt(prefixText);
      if (prefix > bits) {
        throw new IllegalArgumentException(
            "prefix length /" + prefix + " is longer than the " + bits + " bits of the address");
      }
    }
    byte[] masked = mask(address, prefix);
    if (!Arrays.equals(masked, address)) {
      throw new IllegalArgumentException(
          "host bits are set in '"
              + text
              + "'; did you mean "
              + IpAddress.format(masked)
              + "/"
              + prefix
              + "?");
    }
    return new Cidr(masked, prefix);
  }

  /**
   * True when {@code ip} is an address literal inside this block; null or non-literals never are.
   */
  public boolean contains(String ip) {
    return containsAddress(IpAddress.parse(ip));
  }

  boolean containsAddress(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int m = (0xff << (8 - rest)) & 0xff;
    return (address[full] & m) == (network[full] & 0xff);
  }

  /** The prefix of {@code address} of {@code prefix} bits as a block. */
  static Cidr prefixOf(byte[] address, int prefix) {
    return new Cidr(mask(address, prefix), prefix);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & ((0xff << (8 - keep)) & 0xff));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && c.prefixLength == prefixLength
        && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixLength;
  }

  /** Canonical text, e.g. {@code 203.0.113.0/24} or {@code 2001:db8:1::/48}. */
  @Override
  public String toString() {
    return IpAddress.format(network) + "/" + prefixLength;
  }
}
