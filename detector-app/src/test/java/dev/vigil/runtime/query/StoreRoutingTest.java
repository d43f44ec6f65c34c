package dev.vigil.runtime.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class StoreRoutingTest {

  /** Partition 1 is active here and holds {@code here-key}; partition 2 is elsewhere. */
  private static final class FakeStreams implements StoreRouting.Streams {
    KeyQueryMetadata metadata;
    final Map<String, String> local = Map.of("here-key", "value");

    @Override
    public KeyQueryMetadata metadata(String store, String key) {
      return metadata;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V readLocal(String store, int partition, String key) {
      if (partition != 1) {
        throw new InvalidStateStoreException("not active here");
      }
      return (V) local.get(key);
    }
  }

  private final FakeStreams streams = new FakeStreams();
  private final StoreRouting routing = new StoreRouting(streams);

  @Test
  void aKeyOfAPartitionActiveHereIsReadHereEvenWhenItIsAbsent() {
    streams.metadata = new KeyQueryMetadata(HostInfo.unavailable(), Set.of(), 1);
    assertThat(routing.<String>get("s", "here-key")).isEqualTo(new StoreRouting.Local<>("value"));
    assertThat(routing.<String>get("s", "other")).isEqualTo(new StoreRouting.Local<>(null));
  }

  @Test
  void aKeyOwnedElsewhereNamesTheOwnerWhenItAdvertisesAnAddress() {
    streams.metadata = new KeyQueryMetadata(new HostInfo("vigil-2", 9400), Set.of(), 2);
    assertThat(routing.<String>get("s", "k"))
        .isEqualTo(new StoreRouting.Remote<String>("vigil-2", 9400));
  }

  @Test
  void aKeyWithNoKnownOwnerOrDuringARebalanceIsUnavailable() {
    streams.metadata = new KeyQueryMetadata(HostInfo.unavailable(), Set.of(), 2);
    assertThat(routing.<String>get("s", "k")).isInstanceOf(StoreRouting.Unavailable.class);
    streams.metadata = KeyQueryMetadata.NOT_AVAILABLE;
    assertThat(routing.<String>get("s", "here-key")).isInstanceOf(StoreRouting.Unavailable.class);
  }
}
