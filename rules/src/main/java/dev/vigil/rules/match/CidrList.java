package dev.vigil.rules.match;

import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of CIDR texts that also holds them parsed, so a record can keep its {@code
 * List<String>} component and still test addresses without reparsing. Equal to any list of the same
 * texts.
 */
public final class CidrList extends AbstractList<String> implements RandomAccess {

  private final List<String> texts;
  private final Cidr[] blocks;

  private CidrList(List<String> texts) {
    this.texts = texts;
    this.blocks = new Cidr[texts.size()];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = Cidr.parse(texts.get(i));
    }
  }

  /** Throws IllegalArgumentException for a text that is not a block. */
  public static CidrList of(Collection<String> texts) {
    return new CidrList(texts == null ? List.of() : List.copyOf(texts));
  }

  /** True when {@code ip} is an address literal inside any block; null never is. */
  public boolean anyContains(String ip) {
    if (ip == null || blocks.length == 0) {
      return false;
    }
    byte[] address = IpAddress.parse(ip);
    if (address == null) {
      return false;
    }
    for (Cidr block : blocks) {
      if (block.containsAddress(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String get(int index) {
    return texts.get(index);
  }

  @Override
  public int size() {
    return texts.size();
  }
}
