package dev.vigil.tools.simulate;

import dev.vigil.events.IdentityType;
import java.util.List;
import java.util.Objects;

/**
 * Where traffic comes from: the networks of {@code networks.yaml} and which of them an identity
 * lives in.
 */
final class Networks {

  private static final Catalogue CATALOGUE = SimulatorData.read("networks.yaml", Catalogue.class);

  static final List<Network> CLOUD = CATALOGUE.cloud();
  static final List<Network> INTERNAL = CATALOGUE.internal();
  static final List<Network> CORPORATE = CATALOGUE.corporate();
  static final List<Network> CONSUMER = CATALOGUE.consumer();

  /** Infrastructure attackers rent: VPS and bulletproof hosters, residential proxies abroad. */
  static final List<Network> HOSTILE = CATALOGUE.hostile();

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

  /**
   * The provider's region in another country that shares {@code home}'s network (one ASN across
   * regions, as AWS's and Azure's do), or null where the catalogue has none: where a standby takes
   * over.
   */
  static Network standbyFor(Network home) {
    return CLOUD.stream()
        .filter(
            n ->
                home.asn() != null
                    && home.asn().equals(n.asn())
                    && !Objects.equals(n.country(), home.country()))
        .findFirst()
        .orElse(null);
  }

  private record Catalogue(
      List<Network> cloud,
      List<Network> internal,
      List<Network> corporate,
      List<Network> consumer,
      List<Network> hostile) {
    Catalogue {
      cloud = List.copyOf(cloud);
      internal = List.copyOf(internal);
      corporate = List.copyOf(corporate);
      consumer = List.copyOf(consumer);
      hostile = List.copyOf(hostile);
    }
  }
}
