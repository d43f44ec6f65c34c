package dev.vigil.detector.topology;

import dev.vigil.detector.Detector;
import dev.vigil.detector.profile.IdentityActivity;
import dev.vigil.detector.profile.IdentityActivityCodec;
import dev.vigil.detector.profile.ProfileBuilder;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads one identity's committed states from the detector store and has each detector describe its
 * own: the identity's activity first (it names the tokens), then every detector keyed by identity
 * for the identity, and every detector keyed by token for each of those tokens. Point reads only, a
 * few dozen at most, so a profile costs no scan however large the partition.
 */
final class ProfileReader {

  private static final IdentityActivityCodec ACTIVITY = new IdentityActivityCodec();

  private ProfileReader() {}

  static ProfileBuilder read(
      KeyValueStore<String, byte[]> store,
      List<Detector<?>> detectors,
      String identity,
      Instant now) {
    ProfileBuilder profile = new ProfileBuilder(identity, now);
    byte[] stored = store.get(DetectorStateStore.ACTIVITY_PREFIX + identity);
    IdentityActivity activity = stored == null ? null : ACTIVITY.decode(stored);
    List<String> tokens = activity == null ? List.of() : activity.tokens();
    for (Detector<?> detector : detectors) {
      if (detector.keyBy() == Detector.KeyBy.IDENTITY) {
        describe(store, detector, identity, profile);
      } else {
        tokens.forEach(token -> describe(store, detector, token, profile));
      }
    }
    if (activity != null) {
      activity.describe(profile);
    }
    return profile;
  }

  private static <S> void describe(
      KeyValueStore<String, byte[]> store,
      Detector<S> detector,
      String key,
      ProfileBuilder profile) {
    byte[] bytes = store.get(StateKeys.key(detector.name(), key));
    if (bytes != null) {
      detector.describe(detector.codec().decode(bytes), key, profile);
    }
  }
}
