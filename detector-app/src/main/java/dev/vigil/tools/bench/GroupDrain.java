package dev.vigil.tools.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a Kafka Streams application has consumed and committed everything: every input
 * partition committed up to its end, and every internal (repartition) partition within one offset
 * of its end, because an exactly-once producer leaves a transaction marker after its last record
 * that the consumer need not have stepped over yet.
 */
final class GroupDrain {

  private static final Duration POLL = Duration.ofMillis(50);

  private final Admin admin;

  GroupDrain(Admin admin) {
    this.admin = admin;
  }

  /** Returns when drained; throws when {@code timeout} passes first. */
  void await(String groupId, Set<String> inputTopics, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "nothing committed yet";
    while (System.nanoTime() < deadline) {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        Set<TopicPartition> inputs = inputPartitions(inputTopics);
        if (committed.keySet().containsAll(inputs)) {
          Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
          committed.keySet().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
          Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(ask).all().get();
          long inputLag = 0;
          long internalLag = 0;
          for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            long lag = ends.get(entry.getKey()).offset() - entry.getValue().offset();
            if (inputs.contains(entry.getKey())) {
              inputLag += Math.max(0, lag);
            } else {
              internalLag = Math.max(internalLag, lag);
            }
          }
          if (inputLag == 0 && internalLag <= 1) {
            return;
          }
          last = "input lag " + inputLag + ", largest internal lag " + internalLag;
        }
      } catch (ExecutionException e) {
        last = String.valueOf(e.getCause());
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        groupId + " did not drain within " + timeout + " (" + last + ")");
  }

  private Set<TopicPartition> inputPartitions(Set<String> topics)
      throws InterruptedException, ExecutionException {
    return admin.describeTopics(topics).allTopicNames().get().values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .collect(Collectors.toSet());
  }
}
