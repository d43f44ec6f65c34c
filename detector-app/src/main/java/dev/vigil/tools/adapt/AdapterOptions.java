package dev.vigil.tools.adapt;

import dev.vigil.adapters.AdapterConfig;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.adapters.TokenFingerprints;
import dev.vigil.adapters.enrich.MaxMindNetworkEnricher;
import dev.vigil.adapters.enrich.NetworkEnricher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How vendor records are turned into contract events, for every command that reads them ({@code
 * adapt}, {@code replay --source}): the network databases and the key that fingerprints tokens only
 * a secret identifies. The key is read from the environment, never from the command line.
 */
public final class AdapterOptions {

  @Option(
      names = "--geoip-asn",
      paramLabel = "GeoLite2-ASN.mmdb",
      description = "MaxMind-format ASN database: fills asn and its organisation where missing.")
  Path asnDatabase;

  @Option(
      names = "--geoip-country",
      paramLabel = "GeoLite2-Country.mmdb",
      description = "MaxMind-format country database: fills country where missing.")
  Path countryDatabase;

  @Option(
      names = "--fingerprint-key-env",
      paramLabel = "NAME",
      defaultValue = "VIGIL_FINGERPRINT_KEY",
      description =
          "Environment variable with the HMAC key for tokens only a secret identifies (default:"
              + " ${DEFAULT-VALUE}); without it such tokens get no id.")
  String fingerprintKeyEnv;

  /** The process environment; replaced in tests. */
  Function<String, String> environment = System::getenv;

  /**
   * The adapter for {@code source} as configured.
   *
   * @throws IllegalArgumentException naming an unknown source, or a database that cannot be read
   */
  public SourceAdapter adapter(String source) {
    return SourceAdapters.byName(source, config());
  }

  AdapterConfig config() {
    AdapterConfig config = AdapterConfig.defaults();
    String key = environment.apply(fingerprintKeyEnv);
    if (key != null && !key.isBlank()) {
      config =
          config.withFingerprints(TokenFingerprints.withKey(key.getBytes(StandardCharsets.UTF_8)));
    }
    if (asnDatabase != null || countryDatabase != null) {
      try {
        NetworkEnricher enricher = MaxMindNetworkEnricher.open(asnDatabase, countryDatabase);
        config = config.withEnricher(enricher);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the network database: " + e.getMessage(), e);
      }
    }
    return config;
  }
}
