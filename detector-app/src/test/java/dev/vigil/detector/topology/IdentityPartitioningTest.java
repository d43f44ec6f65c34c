package dev.vigil.detector.topology;

import static dev.vigil.detector.fixtures.Events.at;
import static dev.vigil.detector.fixtures.Events.observed;
import static dev.vigil.detector.fixtures.Events.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.ObservedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class IdentityPartitioningTest {

  @Property
  void anIdentitysHomeIsWhereKafkasDefaultPartitionerPutsItsKey(
      @ForAll @StringLength(min = 1, max = 80) String identity,
      @ForAll @IntRange(min = 1, max = 64) int partitions) {
    // A Java producer keying by identity_id, as the contract asks, writes exactly to the home
    // partition, so its events never take the internal hop.
    int kafka =
        BuiltInPartitioner.partitionForKey(identity.getBytes(StandardCharsets.UTF_8), partitions);
    assertThat(IdentityPartitioning.home(identity, partitions)).isEqualTo(kafka);
  }

  @Property
  void aMovedEventLandsInThePartitionWhereItIsHome(
      @ForAll @StringLength(min = 1, max = 80) String identity,
      @ForAll @IntRange(min = 1, max = 64) int partitions) {
    IdentityPartitioning partitioning = new IdentityPartitioning(partitions);
    ObservedEvent event = observed(use("u-1", at(0), identity, "tok-1", "github"));

    Set<Integer> target =
        partitioning.partitions("events-by-identity", "any key", event, partitions).orElseThrow();

    assertThat(target).hasSize(1);
    assertThat(partitioning.isHome(event, target.iterator().next())).isTrue();
  }

  @Test
  void anEventIsHomeInExactlyOnePartition() {
    IdentityPartitioning partitioning = new IdentityPartitioning(6);
    ObservedEvent event = observed(use("u-1", at(0), "svc-billing@corp", "tok-1", "github"));

    long homes =
        java.util.stream.IntStream.range(0, 6).filter(p -> partitioning.isHome(event, p)).count();

    assertThat(homes).isEqualTo(1);
    assertThat(partitioning.isHome(event, -1)).isFalse();
  }

  @Test
  void aPartitionCountBelowOneIsRefused() {
    assertThatThrownBy(() -> new IdentityPartitioning(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
