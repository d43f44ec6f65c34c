package dev.vigil.adapters.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals strictly, without ever resolving a name. Vendor feeds put
 * non-addresses in address fields (CloudTrail writes {@code ec2.amazonaws.com} or {@code AWS
 * Internal}; anonymised datasets write {@code 255.090.254.5}). {@link InetAddress#getByName} would
 * send the first to DNS and read the second as octal-ish; both must instead be "not an address".
 */
public final class IpLiterals {

  private IpLiterals() {}

  /**
   * The address {@code text} spells, or null. IPv4: four decimal octets 0–255 without leading
   * zeros. IPv6: hex groups and colons (optionally a trailing dotted quad, a zone or brackets).
   */
  public static InetAddress parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.isEmpty() || t.length() > 64) {
      return null;
    }
    if (t.indexOf(':') >= 0) {
      return ipv6(t);
    }
    byte[] v4 = ipv4(t);
    return v4 == null ? null : fromBytes(v4);
  }

  static byte[] ipv4(String t) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= t.length(); i++) {
      char c = i == t.length() ? '.' : t.charAt(i);
      if (c == '.') {
        if (digits == 0 || part > 3) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null; // leading zero: anonymised or octal-looking, not a plain literal
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static InetAddress ipv6(String t) {
    String body = t;
    int zone = body.indexOf('%');
    if (zone >= 0) {
      body = body.substring(0, zone);
    }
    if (body.isEmpty() || (Character.digit(body.charAt(0), 16) < 0 && body.charAt(0) != ':')) {
      return null; // InetAddress would treat anything else as a host name and resolve it
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!ok) {
        return null;
      }
    }
    try {
      // A string with a colon is only ever parsed as a literal by InetAddress, never resolved.
      return InetAddress.getByName(body);
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }

  private static InetAddress fromBytes(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
