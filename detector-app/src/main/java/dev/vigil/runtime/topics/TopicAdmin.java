package dev.vigil.runtime.topics;

import dev.vigil.runtime.Causes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the cluster is there and holds Vigil's topics before the detector starts, so that a
 * misconfiguration is reported in one clear sentence instead of as a stream of client retries.
 *
 * <pre>{@code
 * try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
 *   admin.ensure(TopicSpec.vigilTopics(config.topics(), config.topicPartitions(),
 *       config.topicReplicationFactor()), config.createTopics());
 * }
 * }</pre>
 */
public final class TopicAdmin implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  /** How long {@link #connect(Map)} waits for the cluster to answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Admin admin;
  private final String bootstrap;
  private final Duration timeout;

  private TopicAdmin(Admin admin, String bootstrap, Duration timeout) {
    this.admin = admin;
    this.bootstrap = bootstrap;
    this.timeout = timeout;
  }

  /** Connects and checks the cluster answers within {@link #DEFAULT_TIMEOUT}. */
  public static TopicAdmin connect(Map<String, Object> clientConfig) {
    return connect(clientConfig, DEFAULT_TIMEOUT);
  }

  /**
   * Connects with {@code clientConfig} (bootstrap servers and security settings) and checks that
   * the cluster answers a metadata request within {@code timeout}.
   *
   * @throws ClusterUnreachableException "cannot reach Kafka at HOST:PORT within 10 s: CAUSE"
   */
  public static TopicAdmin connect(Map<String, Object> clientConfig, Duration timeout) {
    String bootstrap = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-topic-admin");
    // Fail within the check's own timeout rather than Admin's default of a minute.
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    Admin admin;
    try {
      admin = Admin.create(config);
    } catch (RuntimeException e) {
      throw unreachable(bootstrap, timeout, e);
    }
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .clusterId()
          .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      admin.close(Duration.ZERO);
      throw unreachable(bootstrap, timeout, e.getCause());
    } catch (TimeoutException e) {
      admin.close(Duration.ZERO);
      throw unreachable(bootstrap, timeout, e);
    } catch (InterruptedException e) {
      admin.close(Duration.ZERO);
      Thread.currentThread().interrupt();
      throw unreachable(bootstrap, timeout, e);
    }
    return new TopicAdmin(admin, bootstrap, timeout);
  }

  private static ClusterUnreachableException unreachable(
      String bootstrap, Duration timeout, Throwable cause) {
    return new ClusterUnreachableException(
        "cannot reach Kafka at "
            + bootstrap
            + " within "
            + seconds(timeout)
            + ": "
            + describe(cause),
        cause);
  }

  /**
   * Checks that every topic exists; creates the missing ones when {@code create} is true.
   *
   * @return the names of the topics created (empty when all existed)
   * @throws MissingTopicsException when topics are missing and may not be created, or creating them
   *     failed (e.g. not authorized); it names exactly the missing topics
   */
  public List<String> ensure(List<TopicSpec> topics, boolean create) {
    Set<String> existing = existingTopics();
    List<TopicSpec> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
    warnIfNotCompacted(topics, existing);
    if (missing.isEmpty()) {
      return List.of();
    }
    List<String> missingNames = missing.stream().map(TopicSpec::name).toList();
    if (!create) {
      throw new MissingTopicsException(
          "missing topics on "
              + bootstrap
              + ": "
              + String.join(", ", missingNames)
              + "; create them, or let Vigil create them (vigil.topics.create=true)",
          missingNames,
          null);
    }
    return create(missing);
  }

  private List<String> create(List<TopicSpec> missing) {
    List<NewTopic> newTopics = missing.stream().map(TopicSpec::toNewTopic).toList();
    Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
    List<String> created = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    Throwable firstFailure = null;
    for (TopicSpec topic : missing) {
      try {
        results.get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        created.add(topic.name());
        log.info(
            "Created topic {} ({} partitions, replication factor {}{})",
            topic.name(),
            topic.partitions(),
            topic.replicationFactor() < 0 ? "broker default" : topic.replicationFactor(),
            topic.configs().isEmpty() ? "" : ", " + topic.configs());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          // Another instance created it between our check and our request: that is fine.
          continue;
        }
        failed.add(topic.name());
        firstFailure = firstFailure == null ? e.getCause() : firstFailure;
      } catch (TimeoutException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        failed.add(topic.name());
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    if (!failed.isEmpty()) {
      throw new MissingTopicsException(
          "missing topics on "
              + bootstrap
              + ": "
              + String.join(", ", failed)
              + "; creating them failed: "
              + describe(firstFailure),
          failed,
          firstFailure);
    }
    awaitLeaders(created);
    return created;
  }

  /**
   * Waits until every partition of the new topics has a leader. Creation returns before the
   * controller has elected one; an idempotent producer writing in that moment gets
   * NOT_LEADER_OR_FOLLOWER, and its retried first batches can then be refused as out of sequence
   * until the delivery timeout expires. Gives up quietly after the admin timeout: producers retry.
   */
  private void awaitLeaders(List<String> topics) {
    if (topics.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> described =
            admin
                .describeTopics(topics)
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean led =
            described.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (led) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        log.debug("Topics {} not described yet: {}", topics, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    log.warn(
        "Partitions of {} still have no leader after {}; producers will retry",
        topics,
        seconds(timeout));
  }

  /** The largest partition count among existing topics. */
  public int maxPartitions(List<String> topics) {
    try {
      return admin
          .describeTopics(topics)
          .allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .values()
          .stream()
          .mapToInt(d -> d.partitions().size())
          .max()
          .orElseThrow();
    } catch (ExecutionException e) {
      throw new ClusterUnreachableException(
          "cannot describe topics " + topics + " on " + bootstrap + ": " + describe(e.getCause()),
          e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(bootstrap, timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(bootstrap, timeout, e);
    }
  }

  private Set<String> existingTopics() {
    try {
      return admin
          .listTopics(new ListTopicsOptions().listInternal(false))
          .names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ClusterUnreachableException(
          "cannot list topics on " + bootstrap + ": " + describe(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(bootstrap, timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(bootstrap, timeout, e);
    }
  }

  /** A delete-policy rules topic would eventually lose the active pack to retention. */
  private void warnIfNotCompacted(List<TopicSpec> topics, Set<String> existing) {
    for (TopicSpec topic : topics) {
      String wanted = topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
      if (wanted == null || !existing.contains(topic.name())) {
        continue;
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
      try {
        Config config =
            admin
                .describeConfigs(List.of(resource))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
        String actual = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!actual.contains(wanted)) {
          log.warn(
              "Topic {} has cleanup.policy={}, expected {}: its records may be deleted by retention",
              topic.name(),
              actual,
              wanted);
        }
      } catch (ExecutionException | TimeoutException e) {
        log.warn("Cannot check cleanup.policy of topic {}: {}", topic.name(), describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String seconds(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown cause";
    }
    Throwable deepest = Causes.root(cause);
    String message = deepest.getMessage() == null ? "" : ": " + deepest.getMessage();
    return deepest.getClass().getSimpleName() + message;
  }

  @Override
  public void close() {
    admin.close(timeout);
  }
}
