package dev.vigil.adapters.common;

import dev.vigil.events.Source;

/** Builds the contract's {@link Source}, scrubbing the free-text fields a client controls. */
public final class Sources {

  private Sources() {}

  public static Source of(String ip, String userAgent) {
    return of(ip, null, null, userAgent, null, null);
  }

  public static Source of(
      String ip, Long asn, String country, String userAgent, String workloadId, String binding) {
    Source source = new Source();
    source.setIp(blankToNull(ip));
    source.setAsn(asn);
    source.setCountry(country(country));
    source.setUserAgent(SecretShapes.scrub(blankToNull(userAgent)));
    source.setWorkloadId(blankToNull(workloadId));
    source.setBinding(blankToNull(binding));
    return source;
  }

  /** An ISO 3166 alpha-2 code upper-cased, or null for anything else (names, blanks). */
  public static String country(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.length() != 2 || !Character.isLetter(v.charAt(0)) || !Character.isLetter(v.charAt(1))) {
      return null;
    }
    return v.toUpperCase(java.util.Locale.ROOT);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
