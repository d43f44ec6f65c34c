package dev.vigil.adapters.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AbstractCountryResponse;
import com.maxmind.geoip2.model.AsnResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link NetworkEnricher} over MaxMind-format databases (GeoLite2/GeoIP2 ASN or ISP for the
 * network, Country or City for the country), read with MaxMind's {@code DatabaseReader}. Either
 * database may be left out. The files are memory-mapped once at {@link #open}; lookups are local
 * and thread-safe. An address a database does not cover yields nothing, never an error.
 */
public final class MaxMindNetworkEnricher implements NetworkEnricher, Closeable {

  private final DatabaseReader asnReader;
  private final boolean asnIsIsp;
  private final DatabaseReader countryReader;
  private final boolean countryIsCity;

  private MaxMindNetworkEnricher(DatabaseReader asn, DatabaseReader country) {
    this.asnReader = asn;
    this.asnIsIsp = asn != null && type(asn).contains("isp");
    this.countryReader = country;
    this.countryIsCity = country != null && type(country).contains("city");
  }

  /**
   * Opens the databases at the given paths; pass null for one that is not configured.
   *
   * @throws IllegalArgumentException when both are null, a configured file is missing or not
   *     readable, or a file is not an ASN/ISP (or Country/City) database
   * @throws IOException when a file cannot be read as a MaxMind database
   */
  public static MaxMindNetworkEnricher open(Path asnDatabase, Path countryDatabase)
      throws IOException {
    if (asnDatabase == null && countryDatabase == null) {
      throw new IllegalArgumentException(
          "network enrichment needs a MaxMind ASN database, a Country database, or both");
    }
    DatabaseReader asn = asnDatabase == null ? null : reader(asnDatabase, "ASN", "asn", "isp");
    DatabaseReader country;
    try {
      country =
          countryDatabase == null ? null : reader(countryDatabase, "Country", "country", "city");
    } catch (IOException | RuntimeException e) {
      if (asn != null) {
        asn.close();
      }
      throw e;
    }
    return new MaxMindNetworkEnricher(asn, country);
  }

  @Override
  public NetworkInfo lookup(InetAddress address) {
    return network(address).orElse(country(address));
  }

  private NetworkInfo network(InetAddress address) {
    if (asnReader == null) {
      return NetworkInfo.UNKNOWN;
    }
    try {
      // An ISP database answers with an IspResponse, which is an AsnResponse with more fields.
      Optional<? extends AsnResponse> asn =
          asnIsIsp ? asnReader.tryIsp(address) : asnReader.tryAsn(address);
      return asn.map(
              r ->
                  new NetworkInfo(
                      r.getAutonomousSystemNumber(), r.getAutonomousSystemOrganization(), null))
          .orElse(NetworkInfo.UNKNOWN);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the MaxMind ASN database", e);
    } catch (GeoIp2Exception e) {
      return NetworkInfo.UNKNOWN;
    }
  }

  private NetworkInfo country(InetAddress address) {
    if (countryReader == null) {
      return NetworkInfo.UNKNOWN;
    }
    try {
      Optional<? extends AbstractCountryResponse> response =
          countryIsCity ? countryReader.tryCity(address) : countryReader.tryCountry(address);
      return response
          .map(r -> r.getCountry() == null ? null : r.getCountry().getIsoCode())
          .map(iso -> new NetworkInfo(null, null, iso))
          .orElse(NetworkInfo.UNKNOWN);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the MaxMind Country database", e);
    } catch (GeoIp2Exception e) {
      return NetworkInfo.UNKNOWN;
    }
  }

  private static DatabaseReader reader(Path path, String what, String... acceptedTypes)
      throws IOException {
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException(
          "MaxMind " + what + " database not found or not readable: " + path.toAbsolutePath());
    }
    DatabaseReader reader =
        new DatabaseReader.Builder(path.toFile()).withCache(new CHMCache()).build();
    String type = type(reader);
    for (String accepted : acceptedTypes) {
      if (type.contains(accepted)) {
        return reader;
      }
    }
    reader.close();
    throw new IllegalArgumentException(
        path.toAbsolutePath()
            + " is a MaxMind '"
            + reader.getMetadata().getDatabaseType()
            + "' database, not a "
            + what
            + " database");
  }

  private static String type(DatabaseReader reader) {
    return reader.getMetadata().getDatabaseType().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() throws IOException {
    if (asnReader != null) {
      asnReader.close();
    }
    if (countryReader != null) {
      countryReader.close();
    }
  }
}
