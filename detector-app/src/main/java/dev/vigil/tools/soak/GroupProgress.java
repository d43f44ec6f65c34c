package dev.vigil.tools.soak;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the detector's consumer group has got: its committed offsets on the input topics against
 * their end offsets. Under exactly-once an input offset is committed in the same transaction as the
 * alerts, commands, dead letters and state its records caused, so a committed offset is committed
 * output: the soak's measure of recovery.
 */
final class GroupProgress implements AutoCloseable {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Admin admin;
  private final String group;
  private final List<String> topics;

  GroupProgress(String bootstrap, String group, List<String> topics) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "vigil-soak-progress"));
    this.group = group;
    this.topics = List.copyOf(topics);
  }

  /** The end offset of every input partition now; retried while the broker does not answer. */
  Map<TopicPartition, Long> endOffsets(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription d :
            admin.describeTopics(topics).allTopicNames().get(secs(), TimeUnit.SECONDS).values()) {
          d.partitions()
              .forEach(
                  p ->
                      latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin
            .listOffsets(latest)
            .all()
            .get(secs(), TimeUnit.SECONDS)
            .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read the input topics' end offsets", e);
        }
        Thread.sleep(POLL.toMillis());
      }
    }
  }

  /**
   * Waits until the group's committed offsets reach {@code target} on every partition, for at most
   * {@code limit}; returns the time from {@code sinceNanos} ({@link System#nanoTime()}) until it
   * saw them there, or empty if they did not get there in time.
   */
  Optional<Duration> awaitCommitted(
      Map<TopicPartition, Long> target, long sinceNanos, Duration limit)
      throws InterruptedException {
    return await(sinceNanos, limit, () -> covers(committed(), target));
  }

  /**
   * Waits until the group has processed and committed records written after {@code endAtDeath} (the
   * end offsets when the killed instance was gone): on every partition that received records since,
   * an offset beyond its end then, and on the others everything up to it; and on at least one
   * partition a record from after it. Only a live instance can have done that, so the time it takes
   * is how long the deployment stood still. Returns the time from {@code sinceNanos}.
   */
  Optional<Duration> awaitProgressBeyond(
      Map<TopicPartition, Long> endAtDeath, long sinceNanos, Duration limit)
      throws InterruptedException {
    return await(
        sinceNanos,
        limit,
        () -> {
          Map<TopicPartition, Long> committed = committed();
          Map<TopicPartition, Long> end = endOffsetsOnce();
          if (committed == null || end == null) {
            return false;
          }
          boolean movedOn = false;
          for (Map.Entry<TopicPartition, Long> e : endAtDeath.entrySet()) {
            long then = e.getValue();
            long done = committed.getOrDefault(e.getKey(), 0L);
            boolean newRecords = end.getOrDefault(e.getKey(), then) > then;
            if (done > then) {
              movedOn = true;
            } else if (newRecords || done < then) {
              return false;
            }
          }
          return movedOn;
        });
  }

  private interface Check {
    boolean holds() throws InterruptedException;
  }

  private static Optional<Duration> await(long sinceNanos, Duration limit, Check check)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return Optional.of(Duration.ofNanos(System.nanoTime() - sinceNanos));
      }
      Thread.sleep(POLL.toMillis());
    }
    return Optional.empty();
  }

  private static boolean covers(
      Map<TopicPartition, Long> committed, Map<TopicPartition, Long> target) {
    if (committed == null) {
      return false;
    }
    for (Map.Entry<TopicPartition, Long> t : target.entrySet()) {
      if (t.getValue() > 0 && committed.getOrDefault(t.getKey(), 0L) < t.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The group's committed offsets, or {@code null} while the broker does not answer. */
  private Map<TopicPartition, Long> committed() throws InterruptedException {
    try {
      Map<TopicPartition, Long> out = new HashMap<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e :
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(secs(), TimeUnit.SECONDS)
              .entrySet()) {
        if (e.getValue() != null) {
          out.put(e.getKey(), e.getValue().offset());
        }
      }
      return out;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // The broker restarting, or the coordinator moving: not there yet.
      return null;
    }
  }

  private Map<TopicPartition, Long> endOffsetsOnce() throws InterruptedException {
    try {
      return endOffsets(CALL_TIMEOUT);
    } catch (IllegalStateException e) {
      return null;
    }
  }

  private static long secs() {
    return CALL_TIMEOUT.toSeconds();
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(10));
  }
}
