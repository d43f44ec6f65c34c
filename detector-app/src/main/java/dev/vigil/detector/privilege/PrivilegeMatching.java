package dev.vigil.detector.privilege;

import dev.vigil.rules.RuleExceptions;
import dev.vigil.rules.RulePack;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * This package's stand-in for {@code RulePack.isPrivileged} and {@code RuleExceptions.covers} of
 * the rules module, with the same meaning (glob patterns where {@code *} matches any run of
 * characters, CIDR blocks for networks, null arguments never match). Kept in one place so the
 * detector switches to the rules module's versions by editing this class alone.
 */
final class PrivilegeMatching {

  private PrivilegeMatching() {}

  /**
   * True when the emitter flagged it or the privilege (or, when none, the action) is privileged.
   */
  static boolean isPrivileged(RulePack pack, String privilege, String action, boolean flagged) {
    if (flagged) {
      return true;
    }
    String subject = privilege != null ? privilege : action;
    return subject != null && anyGlob(pack.privilegedPatterns(), subject);
  }

  /** True when the rule leaves the identity, the tool or the source address alone. */
  static boolean covers(RuleExceptions exceptions, String identityId, String tool, String ip) {
    return (identityId != null && anyGlob(exceptions.identities(), identityId))
        || (tool != null && anyGlob(exceptions.tools(), tool))
        || (ip != null && anyNetwork(exceptions.networks(), ip));
  }

  static boolean anyGlob(List<String> patterns, String value) {
    for (String pattern : patterns) {
      if (glob(pattern, value)) {
        return true;
      }
    }
    return false;
  }

  /** Iterative glob match with backtracking to the last star: linear in practice, no regex. */
  static boolean glob(String pattern, String value) {
    int p = 0;
    int v = 0;
    int star = -1;
    int resume = 0;
    while (v < value.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = v;
      } else if (p < pattern.length() && pattern.charAt(p) == value.charAt(v)) {
        p++;
        v++;
      } else if (star >= 0) {
        p = star + 1;
        v = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  private static boolean anyNetwork(List<String> cidrs, String ip) {
    byte[] address = literal(ip);
    if (address == null) {
      return false;
    }
    for (String cidr : cidrs) {
      if (inBlock(cidr, address)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inBlock(String cidr, byte[] address) {
    int slash = cidr.indexOf('/');
    byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
    if (network == null || network.length != address.length) {
      return false;
    }
    int bits = network.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (bits < 0 || bits > network.length * 8) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The bytes of an IP literal, or null. IPv4 is parsed here and only strings with a colon (which
   * InetAddress treats as IPv6 literals) reach InetAddress, so no text ever causes a DNS lookup.
   */
  private static byte[] literal(String text) {
    if (text.indexOf(':') >= 0) {
      try {
        return InetAddress.getByName(text).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return null;
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }
}
