package dev.vigil.adapters.enrich;

/**
 * What a network database knows of one address. Each field may be null (an ASN database has no
 * country, a country database no ASN).
 *
 * @param asn autonomous system number
 * @param asOrganization the AS's registered organisation, e.g. {@code AMAZON-02}
 * @param country ISO 3166 alpha-2 country code
 */
public record NetworkInfo(Long asn, String asOrganization, String country) {

  public static final NetworkInfo UNKNOWN = new NetworkInfo(null, null, null);

  public boolean isEmpty() {
    return asn == null && asOrganization == null && country == null;
  }

  /** This info with the gaps filled from {@code other}. */
  public NetworkInfo orElse(NetworkInfo other) {
    return new NetworkInfo(
        asn != null ? asn : other.asn,
        asOrganization != null ? asOrganization : other.asOrganization,
        country != null ? country : other.country);
  }
}
