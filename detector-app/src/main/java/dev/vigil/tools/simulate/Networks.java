package dev.vigil.tools.simulate;

import dev.vigil.events.IdentityType;
import java.util.List;
import java.util.Objects;

/**
 * Where traffic comes from. ASNs and countries are real providers' (so dashboards look familiar);
 * the address blocks are made up per network and carry no meaning.
 */
final class Networks {

  static final List<Network> CLOUD =
      List.of(
          new Network("aws-us-east-1", 14618L, "US", "34.224"),
          new Network("aws-us-west-2", 16509L, "US", "52.94"),
          new Network("aws-eu-west-1", 16509L, "IE", "54.216"),
          new Network("aws-eu-central-1", 16509L, "DE", "18.184"),
          new Network("gcp-us-central1", 396982L, "US", "34.75"),
          new Network("gcp-europe-west4", 15169L, "NL", "35.204"),
          new Network("azure-eastus", 8075L, "US", "20.42"),
          new Network("azure-uksouth", 8075L, "GB", "51.140"));

  static final List<Network> INTERNAL =
      List.of(
          new Network("dc-east-k8s", null, null, "10.12"),
          new Network("dc-west-k8s", null, null, "10.44"),
          new Network("office-core", null, null, "10.80"));

  static final List<Network> CORPORATE =
      List.of(
          new Network("corp-egress-us", 394102L, "US", "198.51"),
          new Network("corp-egress-eu", 209242L, "DE", "185.199"));

  static final List<Network> CONSUMER =
      List.of(
          new Network("comcast", 7922L, "US", "73.12"),
          new Network("att", 7018L, "US", "99.40"),
          new Network("deutsche-telekom", 3320L, "DE", "84.160"),
          new Network("bt", 2856L, "GB", "86.128"),
          new Network("orange", 3215L, "FR", "90.12"));

  /** Infrastructure attackers rent: VPS and bulletproof hosters, residential proxies abroad. */
  static final List<Network> HOSTILE =
      List.of(
          new Network("digitalocean-ams", 14061L, "NL", "164.92"),
          new Network("digitalocean-sgp", 14061L, "SG", "159.89"),
          new Network("ovh-gra", 16276L, "FR", "51.75"),
          new Network("hetzner-fsn", 24940L, "DE", "49.12"),
          new Network("hetzner-hel", 24940L, "FI", "65.21"),
          new Network("m247-buh", 9009L, "RO", "185.220"),
          new Network("alibaba-sg", 45102L, "SG", "47.74"),
          new Network("chinanet-js", 4134L, "CN", "115.231"),
          new Network("rostelecom", 12389L, "RU", "95.165"),
          new Network("vultr-nrt", 20473L, "JP", "45.77"),
          new Network("alexhost", 200019L, "MD", "176.123"),
          new Network("hostinger-br", 47583L, "BR", "185.246"));

  private Networks() {}

  /** Where an identity of this type lives. */
  static Network home(IdentityType type, Draw draw) {
    switch (type) {
      case WORKLOAD:
        return draw.chance(0.45) ? draw.pick(INTERNAL) : draw.pick(CLOUD);
      case SERVICE_ACCOUNT:
        return draw.chance(0.25) ? draw.pick(CORPORATE) : draw.pick(CLOUD);
      case HUMAN:
        return draw.pick(CONSUMER);
      case CI_PIPELINE:
      case AI_AGENT:
      case API_CLIENT:
      default:
        return draw.pick(CLOUD);
    }
  }

  /** Foreign infrastructure: a different ASN in a different country from {@code home}. */
  static Network foreignTo(Network home, Draw draw) {
    List<Network> candidates =
        HOSTILE.stream()
            .filter(
                n ->
                    !Objects.equals(n.asn(), home.asn())
                        && !Objects.equals(n.country(), home.country()))
            .toList();
    return draw.pick(candidates);
  }
}
