package dev.vigil.detector.topology;

import dev.vigil.detector.alert.OpenAlerts;
import dev.vigil.detector.profile.IdentityProfile;
import dev.vigil.detector.profile.IdentityProfile.AlertView;
import dev.vigil.detector.profile.ProfileBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * What interactive queries need to know of the topology: where an identity's state lives and the
 * requests that read it. Everything about an identity is in one task, so one partition answers: the
 * one {@code KafkaStreams.queryMetadataForKey(store, identity, StringSerializer)} names, since
 * {@link IdentityPartitioning} routes events by the same murmur2 of the identity over the same
 * partition count.
 */
public final class IdentityQueries {

  private IdentityQueries() {}

  /** The store holding every detector's state. */
  public static String detectorStore() {
    return VigilTopology.DETECTOR_STORE;
  }

  /** Reads the identity's detector states in {@code partition}, active task only. */
  public static StateQueryRequest<ProfileBuilder> profile(
      IdentityProfileQuery query, int partition) {
    return StateQueryRequest.inStore(VigilTopology.DETECTOR_STORE)
        .withQuery(query)
        .withPartitions(Set.of(partition))
        .requireActive();
  }

  /**
   * Reads the suppression windows of {@code partition}, active task only. A scan: the store is
   * keyed by rule, then identity, and holds only windows still open, one per rule and identity that
   * alerted within the rule's {@code suppress_for}.
   */
  public static StateQueryRequest<KeyValueIterator<String, byte[]>> openAlerts(int partition) {
    return StateQueryRequest.inStore(VigilTopology.SUPPRESSION_STORE)
        .withQuery(RangeQuery.<String, byte[]>withNoBounds())
        .withPartitions(Set.of(partition))
        .requireActive();
  }

  /** The profile of {@code profile}'s identity, with its alerts from {@code windows}. */
  public static IdentityProfile render(
      ProfileBuilder profile, KeyValueIterator<String, byte[]> windows) {
    List<AlertView> alerts = new ArrayList<>();
    while (windows.hasNext()) {
      KeyValue<String, byte[]> window = windows.next();
      OpenAlerts.of(profile.identity(), window.key, window.value, profile).ifPresent(alerts::add);
    }
    alerts.sort(java.util.Comparator.comparing(AlertView::suppressedUntil).reversed());
    return profile.build(alerts, OpenAlerts.SHOWN);
  }
}
