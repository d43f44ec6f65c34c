package dev.vigil.detector.topology;

import dev.vigil.detector.profile.ProfileBuilder;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.query.Query;

/**
 * An interactive query (IQv2) of the detector store for one identity: every detector's committed
 * state of the identity, and of the tokens it presented, described into a {@link ProfileBuilder}
 * ({@link ProfileBuilder#known()} is false when the partition holds nothing of it). Send it to the
 * partition {@link IdentityQueries#partition} names; other partitions know nothing of the identity.
 *
 * <p>Why a custom IQv2 query rather than a custom {@code QueryableStoreType}: the store already
 * answers IQv2 by delegating to its inner store, so one {@code instanceof} in {@link
 * DetectorStateStore#query} adds it; IQv2 targets one partition and reports per partition why it
 * could not answer (not active, rebalancing), which the HTTP side turns into "moving, retry"; and
 * the store's decoded states stay private to the stream thread.
 */
public final class IdentityProfileQuery implements Query<ProfileBuilder> {

  private final String identity;
  private final Instant now;

  /**
   * @param now the wall clock the profile's "ago" and "in" count from
   */
  public IdentityProfileQuery(String identity, Instant now) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.now = Objects.requireNonNull(now, "now");
  }

  public String identity() {
    return identity;
  }

  public Instant now() {
    return now;
  }
}
