package dev.vigil.runtime.query;

import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads one key of a key-value state store by interactive query, wherever it lives: from this
 * instance when it holds the active copy of the key's partition, else it names the instance that
 * does (its {@code application.server}), else it says the key is moving. Stores keyed by identity
 * are partitioned as the input topics are (murmur2 of the key), which is how Kafka Streams finds a
 * key's partition here.
 *
 * <p>Only the active copy is read: a standby may lag, and a verdict served from it could be older
 * than what the owner already wrote to its topic.
 */
public final class StoreRouting {

  /** What this instance can say about one key. */
  public sealed interface Answer<V> permits Local, Remote, Unavailable {}

  /** This instance owns the key; {@code value} is null when the store holds nothing for it. */
  public record Local<V>(V value) implements Answer<V> {}

  /** Another instance owns the key: ask it at {@code host:port}. */
  public record Remote<V>(String host, int port) implements Answer<V> {}

  /** No instance can answer now (starting, rebalancing, restoring): retry shortly. */
  public record Unavailable<V>(String reason) implements Answer<V> {}

  /** The two questions asked of Kafka Streams, apart so routing is tested without a cluster. */
  public interface Streams {
    /** Where the key lives, or {@link KeyQueryMetadata#NOT_AVAILABLE}. */
    KeyQueryMetadata metadata(String store, String key);

    /**
     * The key's value in this instance's active copy of {@code partition}.
     *
     * @throws InvalidStateStoreException when this instance holds no active copy of it
     */
    <V> V readLocal(String store, int partition, String key);
  }

  /** Reads the key's partition on this instance, however the endpoint needs it read. */
  @FunctionalInterface
  public interface LocalRead<V> {
    /**
     * @throws InvalidStateStoreException when this instance holds no active, queryable copy of it
     */
    V read(int partition);
  }

  private final Streams streams;

  public StoreRouting(Streams streams) {
    this.streams = Objects.requireNonNull(streams, "streams");
  }

  /** Routing over a running {@link KafkaStreams}; null from the supplier means not started yet. */
  public static StoreRouting of(Supplier<KafkaStreams> kafkaStreams) {
    return new StoreRouting(
        new Streams() {
          @Override
          public KeyQueryMetadata metadata(String store, String key) {
            KafkaStreams running = kafkaStreams.get();
            if (running == null || running.state() != KafkaStreams.State.RUNNING) {
              // Rebalancing or restoring: the metadata may name this instance for a partition it
              // cannot serve yet, and a client told to go there would come straight back.
              return KeyQueryMetadata.NOT_AVAILABLE;
            }
            return running.queryMetadataForKey(store, key, Serdes.String().serializer());
          }

          @Override
          public <V> V readLocal(String store, int partition, String key) {
            KafkaStreams running = kafkaStreams.get();
            if (running == null) {
              throw new InvalidStateStoreException("Kafka Streams has not started");
            }
            ReadOnlyKeyValueStore<String, V> local =
                running.store(
                    StoreQueryParameters.fromNameAndType(
                            store, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition));
            return local.get(key);
          }
        });
  }

  /** The value of {@code key} in {@code store}, or who has it, or why nobody can say now. */
  public <V> Answer<V> get(String store, String key) {
    return read(store, key, partition -> streams.readLocal(store, partition, key));
  }

  /**
   * What {@code local} reads of {@code key}'s partition of {@code store} when it is active here (a
   * custom IQv2 query, say), or who has it, or why nobody can say now.
   */
  public <V> Answer<V> read(String store, String key, LocalRead<V> local) {
    KeyQueryMetadata where;
    try {
      where = streams.metadata(store, key);
    } catch (IllegalStateException | InvalidStateStoreException e) {
      return new Unavailable<>("Kafka Streams is not running yet");
    }
    if (where == null || KeyQueryMetadata.NOT_AVAILABLE.equals(where)) {
      return new Unavailable<>("partitions are being assigned (starting or rebalancing)");
    }
    try {
      return new Local<>(local.read(where.partition()));
    } catch (InvalidStateStoreException e) {
      // Not active here, or active here but still restoring: the owner's address, if it gave one.
      HostInfo owner = where.activeHost();
      if (owner != null && owner.port() > 0 && !HostInfo.unavailable().equals(owner)) {
        return new Remote<>(owner.host(), owner.port());
      }
      return new Unavailable<>(
          "partition "
              + where.partition()
              + " is not active on this instance and no owner address is known (it is moving,"
              + " or application.server is not set)");
    }
  }
}
