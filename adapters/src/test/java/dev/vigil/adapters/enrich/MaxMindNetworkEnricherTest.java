package dev.vigil.adapters.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.adapters.AdapterConfig;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.adapters.testing.Fixtures;
import dev.vigil.events.TokenUseEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MaxMind wiring, against tiny databases the test writes in MaxMind's file format. */
class MaxMindNetworkEnricherTest {

  @TempDir static Path dir;
  static Path asnDb;
  static Path countryDb;

  @BeforeAll
  static void writeDatabases() {
    asnDb =
        new TinyMmdb("GeoLite2-ASN")
            .network(
                "18.236.0.0/15",
                Map.of(
                    "autonomous_system_number",
                    16509L,
                    "autonomous_system_organization",
                    "AMAZON-02"))
            .network(
                "203.0.113.0/24",
                Map.of(
                    "autonomous_system_number",
                    64500L,
                    "autonomous_system_organization",
                    "EXAMPLE-TRANSIT"))
            .writeTo(dir.resolve("asn.mmdb"));
    countryDb =
        new TinyMmdb("GeoLite2-Country")
            .network(
                "18.236.0.0/15",
                Map.of(
                    "country",
                    Map.of(
                        "iso_code",
                        "US",
                        "geoname_id",
                        6252001L,
                        "names",
                        Map.of("en", "United States"))))
            .network(
                "203.0.113.0/24",
                Map.of(
                    "country",
                    Map.of(
                        "iso_code",
                        "NL",
                        "geoname_id",
                        2750405L,
                        "names",
                        Map.of("en", "Netherlands"))))
            .writeTo(dir.resolve("country.mmdb"));
  }

  @Test
  void looksUpNetworkAndCountry() throws IOException {
    try (MaxMindNetworkEnricher enricher = MaxMindNetworkEnricher.open(asnDb, countryDb)) {
      assertThat(enricher.lookup(InetAddress.getByName("203.0.113.7")))
          .isEqualTo(new NetworkInfo(64500L, "EXAMPLE-TRANSIT", "NL"));
      assertThat(enricher.lookup(InetAddress.getByName("18.237.1.2")))
          .isEqualTo(new NetworkInfo(16509L, "AMAZON-02", "US"));
      assertThat(enricher.lookup(InetAddress.getByName("192.0.2.1")))
          .isEqualTo(NetworkInfo.UNKNOWN);
    }
    try (MaxMindNetworkEnricher asnOnly = MaxMindNetworkEnricher.open(asnDb, null)) {
      assertThat(asnOnly.lookup(InetAddress.getByName("203.0.113.7")))
          .isEqualTo(new NetworkInfo(64500L, "EXAMPLE-TRANSIT", null));
    }
  }

  @Test
  void aMissingOrWrongDatabaseIsAClearError() {
    Path missing = dir.resolve("GeoLite2-ASN.mmdb");
    assertThatThrownBy(() -> MaxMindNetworkEnricher.open(missing, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MaxMind ASN database not found or not readable")
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> MaxMindNetworkEnricher.open(countryDb, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'GeoLite2-Country' database, not a ASN database");
    assertThatThrownBy(() -> MaxMindNetworkEnricher.open(null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a MaxMind ASN database");
  }

  @Test
  void enrichesRealCloudTrailAndLeavesAnonymisedAddressesAlone() throws IOException {
    try (MaxMindNetworkEnricher enricher = MaxMindNetworkEnricher.open(asnDb, countryDb)) {
      SourceAdapter adapter =
          SourceAdapters.byName("cloudtrail", AdapterConfig.defaults().withEnricher(enricher));
      List<AdapterResult> stolen =
          Fixtures.mapAll(
              adapter,
              "/realdata/cloudtrail/stratus-red-team/aws.credential-access.ec2-steal-instance-credentials.json");
      TokenUseEvent use =
          Fixtures.use(stolen, u -> u.getEventId().equals("394cf343-b9cf-48ce-8a94-e188656ae8ba"));
      assertThat(use.getSource().getIp()).isEqualTo("18.236.253.47");
      assertThat(use.getSource().getAsn()).isEqualTo(16509L);
      assertThat(use.getSource().getCountry()).isEqualTo("US");
      assertThat(use.getAttributes()).containsEntry("source_as_org", "AMAZON-02");

      List<AdapterResult> federation =
          Fixtures.mapAll(
              adapter,
              "/realdata/cloudtrail/stratus-red-team/aws.persistence.sts-federation-token.json");
      assertThat(Fixtures.accounting(federation)).containsOnlyKeys("MAPPED");
      for (TokenUseEvent anonymised : Fixtures.uses(federation)) {
        assertThat(anonymised.getSource().getIp()).isEqualTo("255.090.254.5");
        assertThat(anonymised.getSource().getAsn()).isNull();
        assertThat(anonymised.getAttributes()).doesNotContainKey("source_as_org");
      }
    }
  }
}
