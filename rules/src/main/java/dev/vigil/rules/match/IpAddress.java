package dev.vigil.rules.match;

/**
 * Parses IP address literals into bytes without ever touching DNS ({@code InetAddress.getByName}
 * would resolve anything that is not a literal). IPv4 is four decimal octets; IPv6 is RFC 4291 text
 * with {@code ::} compression, an optional dotted IPv4 tail and an optional {@code %zone}. An
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is returned as the IPv4 address it carries, so
 * IPv4 blocks contain it.
 */
final class IpAddress {

  private IpAddress() {}

  /** The address bytes (4 or 16), or null when {@code text} is not an address literal. */
  static byte[] parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.indexOf(':') >= 0) {
      byte[] v6 = parseV6(text);
      return v6 == null ? null : unmapped(v6);
    }
    return parseV4(text);
  }

  static byte[] parseV4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        // Leading zeros are refused: some parsers read them as octal, so their meaning is unclear.
        if (digits > 0 && value == 0) {
          return null;
        }
        value = (value < 0 ? 0 : value) * 10 + (c - '0');
        if (value > 255 || ++digits > 3) {
          return null;
        }
      } else if (c == '.') {
        if (value < 0 || part == 4) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static byte[] parseV6(String text) {
    int zone = text.indexOf('%');
    String s = zone >= 0 ? text.substring(0, zone) : text;
    if (zone == 0 || zone == text.length() - 1) {
      return null;
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    byte[] out = new byte[16];
    if (gap < 0) {
      return fill(s, out, 0, 16) == 16 ? out : null;
    }
    String head = s.substring(0, gap);
    String tail = s.substring(gap + 2);
    byte[] tailBytes = new byte[16];
    int headLen = head.isEmpty() ? 0 : fill(head, out, 0, 16);
    int tailLen = tail.isEmpty() ? 0 : fill(tail, tailBytes, 0, 16);
    if (headLen < 0 || tailLen < 0 || headLen + tailLen > 14) {
      return null;
    }
    System.arraycopy(tailBytes, 0, out, 16 - tailLen, tailLen);
    return out;
  }

  /**
   * Writes colon-separated hex groups (the last may be dotted IPv4) into {@code out} from {@code
   * at}; returns the bytes written, or -1 when malformed.
   */
  private static int fill(String groups, byte[] out, int at, int limit) {
    String[] parts = groups.split(":", -1);
    int pos = at;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && part.indexOf('.') >= 0) {
        byte[] v4 = parseV4(part);
        if (v4 == null || pos + 4 > limit) {
          return -1;
        }
        System.arraycopy(v4, 0, out, pos, 4);
        pos += 4;
        continue;
      }
      if (part.isEmpty() || part.length() > 4 || pos + 2 > limit) {
        return -1;
      }
      int value = 0;
      for (int k = 0; k < part.length(); k++) {
        int d = Character.digit(part.charAt(k), 16);
        if (d < 0) {
          return -1;
        }
        value = value * 16 + d;
      }
      out[pos++] = (byte) (value >>> 8);
      out[pos++] = (byte) value;
    }
    return pos - at;
  }

  private static byte[] unmapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return v6;
      }
    }
    if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
      return v6;
    }
    return new byte[] {v6[12], v6[13], v6[14], v6[15]};
  }

  /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
