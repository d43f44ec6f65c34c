package dev.vigil.runtime.query;

import dev.vigil.detector.profile.IdentityProfile;
import dev.vigil.detector.profile.ProfileBuilder;
import dev.vigil.detector.topology.IdentityProfileQuery;
import dev.vigil.detector.topology.IdentityQueries;
import java.time.Clock;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * An identity's profile from the partition this instance owns: the detectors' states (one IQv2
 * query of the detector store, {@link IdentityProfileQuery}) and its open suppression windows (a
 * scan of that partition's suppression store).
 */
final class ProfileAnswer implements ProfileHandler.Profiles {

  private final LocalQueries queries;
  private final Clock clock;

  ProfileAnswer(LocalQueries queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  @Override
  public IdentityProfile read(String identity, int partition) {
    IdentityProfileQuery query = new IdentityProfileQuery(identity, clock.instant());
    ProfileBuilder profile = queries.query(IdentityQueries.profile(query, partition), partition);
    if (!profile.known()) {
      return null;
    }
    try (KeyValueIterator<String, byte[]> windows =
        queries.query(IdentityQueries.openAlerts(partition), partition)) {
      return IdentityQueries.render(profile, windows);
    }
  }
}
