package dev.vigil.rules.match;

import java.util.Collection;

/**
 * An immutable list of CIDR texts that also holds them parsed, so a record can keep its {@code
 * List<String>} component and still test addresses without reparsing. Equal to any list of the same
 * texts.
 */
public final class CidrList extends ParsedTexts<Cidr> {

  private CidrList(Collection<String> texts) {
    super(texts, Cidr::parse, Cidr[]::new);
  }

  /** Throws IllegalArgumentException for a text that is not a block. */
  public static CidrList of(Collection<String> texts) {
    return new CidrList(texts);
  }

  /** True when {@code ip} is an address literal inside any block; null never is. */
  public boolean anyContains(String ip) {
    if (ip == null || parsed.length == 0) {
      return false;
    }
    byte[] address = IpAddress.parse(ip);
    if (address == null) {
      return false;
    }
    for (Cidr block : parsed) {
      if (block.containsAddress(address)) {
        return true;
      }
    }
    return false;
  }
}
