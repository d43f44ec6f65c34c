package dev.vigil.detector;

import dev.vigil.events.Source;
import dev.vigil.rules.RuleExceptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule-matching functions the detections call, in one place. The rules module owns their
 * definitions ({@code RuleExceptions.covers}, {@code NetworkKey.of}, {@code AudienceMatch.matches});
 * this class mirrors those contracts so that the detections depend on one seam that can be pointed
 * at the rules module without touching any detector.
 */
public final class RuleChecks {

  private RuleChecks() {}

  /** True when the identity, tool or source IP is one the rule leaves alone; nulls never match. */
  public static boolean covers(RuleExceptions exceptions, String identityId, String tool, String ip) {
    return anyGlob(exceptions.identities(), identityId)
        || anyGlob(exceptions.tools(), tool)
        || anyCidr(exceptions.networks(), ip);
  }

  /**
   * The network a request came from, for spread counting: {@code asn:<n>} when known, {@code
   * private} for private, loopback and link-local addresses, else the /24 (IPv4) or /48 (IPv6)
   * prefix; null when nothing is known. IP churn inside one network maps to one key.
   */
  public static String networkKey(Source source) {
    if (source == null) {
      return null;
    }
    if (source.getAsn() != null) {
      return "asn:" + source.getAsn();
    }
    InetAddress address = parseIp(source.getIp());
    if (address == null) {
      return null;
    }
    if (isPrivate(address)) {
      return "private";
    }
    byte[] raw = address.getAddress();
    if (raw.length == 4) {
      return "ip4:" + (raw[0] & 0xff) + "." + (raw[1] & 0xff) + "." + (raw[2] & 0xff) + "/24";
    }
    return String.format(
        "ip6:%x:%x:%x::/48",
        ((raw[0] & 0xff) << 8) | (raw[1] & 0xff),
        ((raw[2] & 0xff) << 8) | (raw[3] & 0xff),
        ((raw[4] & 0xff) << 8) | (raw[5] & 0xff));
  }

  /**
   * Whether a token minted for {@code audience} may be presented at {@code tool}: equal ignoring
   * case, {@code tool} is {@code audience:anything}, a URL audience whose host names the tool, or
   * the wildcard audience {@code *}. An unknown audience never mismatches.
   */
  public static boolean audienceMatches(String audience, String tool) {
    if (audience == null || tool == null || audience.equals("*")) {
      return true;
    }
    String a = audience.toLowerCase(Locale.ROOT);
    String t = tool.toLowerCase(Locale.ROOT);
    if (a.equals(t) || t.startsWith(a + ":")) {
      return true;
    }
    String host = urlHost(a);
    if (host == null) {
      return false;
    }
    String toolBase = t.contains(":") ? t.substring(0, t.indexOf(':')) : t;
    for (String label : host.split("\\.")) {
      if (label.equals(t) || label.equals(toolBase)) {
        return true;
      }
    }
    return false;
  }

  private static String urlHost(String audience) {
    if (!audience.contains("://")) {
      return null;
    }
    try {
      return URI.create(audience).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean anyGlob(List<String> globs, String value) {
    if (value == null) {
      return false;
    }
    for (String glob : globs) {
      if (globPattern(glob).matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  /** {@code *} matches any run of characters; everything else is literal. */
  private static Pattern globPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }

  private static boolean anyCidr(List<String> cidrs, String ip) {
    InetAddress address = parseIp(ip);
    if (address == null) {
      return false;
    }
    for (String cidr : cidrs) {
      if (inCidr(address, cidr)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inCidr(InetAddress address, String cidr) {
    int slash = cidr.indexOf('/');
    InetAddress network = parseIp(slash < 0 ? cidr : cidr.substring(0, slash));
    if (network == null) {
      return false;
    }
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int bits = slash < 0 ? a.length * 8 : Integer.parseInt(cidr.substring(slash + 1).trim());
    for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((a[i] & mask) != (n[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPrivate(InetAddress address) {
    byte[] raw = address.getAddress();
    boolean uniqueLocal = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
    return address.isSiteLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || uniqueLocal;
  }

  /** Parses a literal IP only: never a host name, so no DNS lookup can happen. */
  private static InetAddress parseIp(String ip) {
    if (ip == null || ip.isBlank()) {
      return null;
    }
    String literal = ip.trim();
    boolean v4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = literal.contains(":") && literal.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
