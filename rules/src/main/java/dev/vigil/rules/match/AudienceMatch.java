package dev.vigil.rules.match;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a token minted for an audience may be presented at a tool. Emitters name the same system
 * differently (an IdP writes {@code https://api.github.com}, a gateway writes {@code github}), so
 * the match is deliberately forgiving and only a clear difference counts as a mismatch:
 *
 * <ul>
 *   <li>{@code *} is minted for every tool;
 *   <li>equal names, ignoring case;
 *   <li>the tool is a part of the audience: audience {@code aws}, tool {@code aws:s3};
 *   <li>a URL audience whose host names the tool: the host equals the tool, ends with {@code
 *       .tool}, or one of its dot-separated labels is the tool ({@code https://vault.corp.example}
 *       names {@code vault}).
 * </ul>
 *
 * Unknown (null or blank) audiences or tools always match: no evidence is not a mismatch.
 */
public final class AudienceMatch {

  private AudienceMatch() {}

  public static boolean matches(String audience, String tool) {
    if (audience == null || tool == null || audience.isBlank() || tool.isBlank()) {
      return true;
    }
    String a = audience.trim().toLowerCase(Locale.ROOT);
    String t = tool.trim().toLowerCase(Locale.ROOT);
    if (a.equals("*") || a.equals(t) || t.startsWith(a + ":")) {
      return true;
    }
    String host = urlHost(a);
    if (host == null) {
      return false;
    }
    if (host.equals(t) || host.endsWith("." + t)) {
      return true;
    }
    for (String label : host.split("\\.")) {
      if (label.equals(t)) {
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
      String host = new URI(audience).getHost();
      return host == null || host.isEmpty() ? null : host;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
