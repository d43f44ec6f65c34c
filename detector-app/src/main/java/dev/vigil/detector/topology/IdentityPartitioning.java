package dev.vigil.detector.topology;

import dev.vigil.detector.Finding;
import dev.vigil.detector.ObservedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Which partition an identity's state lives in: {@code murmur2(identity_id) mod partitions}, the
 * function Kafka's default partitioner applies to a record keyed by {@code identity_id}, which is
 * how the contract asks producers to key the input topics.
 *
 * <p>Every detection runs in the task that owns the identity's partition. An event that already
 * arrived in that partition (the producer keyed it by identity, as the contract asks) is judged
 * where it is, with no internal hop; any other event is sent once through the {@code
 * events-by-identity} topic, partitioned by this same function, and judged when it comes back. The
 * check and the repartitioning share this class, so they can never disagree about where an identity
 * lives; the result is correct whatever key or partitioner a producer used, and only as fast as the
 * ideal when producers follow the contract.
 */
final class IdentityPartitioning implements StreamPartitioner<String, ObservedEvent> {

  private final int partitions;

  /**
   * @param partitions the partition count of the rerouting topic and of the input topics
   */
  IdentityPartitioning(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    this.partitions = partitions;
  }

  int partitions() {
    return partitions;
  }

  /** True when an event read from {@code partition} is already in its identity's partition. */
  boolean isHome(ObservedEvent event, int partition) {
    return home(event.identityId(), partitions) == partition;
  }

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, String key, ObservedEvent event, int numPartitions) {
    return Optional.of(Set.of(home(event.identityId(), numPartitions)));
  }

  /**
   * The same placement for findings made outside the identity's task ({@code token_shared_client},
   * judged per address): each goes back to the partition of the identity it is about.
   */
  StreamPartitioner<String, Finding> findings() {
    return (topic, key, finding, numPartitions) ->
        Optional.of(Set.of(home(finding.identityId(), numPartitions)));
  }

  static int home(String identityId, int partitions) {
    byte[] bytes = identityId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
  }
}
