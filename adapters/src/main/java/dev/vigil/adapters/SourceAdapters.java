package dev.vigil.adapters;

import dev.vigil.adapters.cloudtrail.CloudTrailAdapter;
import dev.vigil.adapters.enrich.NetworkEnricher;
import dev.vigil.adapters.entra.EntraAdapter;
import dev.vigil.adapters.github.GitHubAuditAdapter;
import dev.vigil.adapters.kubernetes.KubernetesAuditAdapter;
import dev.vigil.adapters.mcp.McpGatewayAdapter;
import dev.vigil.adapters.okta.OktaSystemLogAdapter;
import dev.vigil.adapters.vault.VaultAuditAdapter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every log source Vigil reads, by name, in one place. The name is also the suffix of the source's
 * raw topic ({@code raw.cloudtrail}) and of its package ({@code dev.vigil.adapters.cloudtrail}).
 */
public final class SourceAdapters {

  private static final Map<String, Function<AdapterConfig, SourceAdapter>> FACTORIES = factories();

  private SourceAdapters() {}

  private static Map<String, Function<AdapterConfig, SourceAdapter>> factories() {
    Map<String, Function<AdapterConfig, SourceAdapter>> all = new LinkedHashMap<>();
    all.put(CloudTrailAdapter.SOURCE, config -> new CloudTrailAdapter());
    all.put(KubernetesAuditAdapter.SOURCE, config -> new KubernetesAuditAdapter());
    all.put(VaultAuditAdapter.SOURCE, config -> new VaultAuditAdapter(config.fingerprints()));
    all.put(GitHubAuditAdapter.SOURCE, config -> new GitHubAuditAdapter());
    all.put(OktaSystemLogAdapter.SOURCE, config -> new OktaSystemLogAdapter(config.fingerprints()));
    all.put(EntraAdapter.SOURCE, config -> new EntraAdapter());
    all.put(McpGatewayAdapter.SOURCE, config -> new McpGatewayAdapter(config.fingerprints()));
    // One place lists every source; the order is the order names() reports.
    return Collections.unmodifiableMap(all);
  }

  /** The names of every source, in a fixed order. */
  public static List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }

  /**
   * The adapter for {@code name} with {@link AdapterConfig#defaults()}: no fingerprint key, no
   * enrichment.
   */
  public static SourceAdapter byName(String name) {
    return byName(name, AdapterConfig.defaults());
  }

  /**
   * The adapter for {@code name} (case-insensitive). With an enricher other than {@link
   * NetworkEnricher#none()}, mapped events come out with their network filled in.
   *
   * @throws IllegalArgumentException for a name that is not a source; the message lists them
   */
  public static SourceAdapter byName(String name, AdapterConfig config) {
    Function<AdapterConfig, SourceAdapter> factory =
        name == null ? null : FACTORIES.get(name.trim().toLowerCase(Locale.ROOT));
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown log source '" + name + "'; known sources: " + String.join(", ", names()));
    }
    SourceAdapter adapter = factory.apply(config);
    return config.enricher() == NetworkEnricher.none()
        ? adapter
        : new EnrichingAdapter(adapter, config.enricher());
  }
}
