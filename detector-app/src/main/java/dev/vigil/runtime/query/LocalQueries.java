package dev.vigil.runtime.query;

import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * Runs an IQv2 request on one partition of this instance, for a {@link StoreRouting.LocalRead}:
 * "not active here", "not caught up" and "Streams is not running" all become {@link
 * InvalidStateStoreException}, which routing turns into the owner's address or "moving".
 */
public final class LocalQueries {

  private final Supplier<KafkaStreams> streams;

  /**
   * @param streams the running Kafka Streams, or null before it started
   */
  public LocalQueries(Supplier<KafkaStreams> streams) {
    this.streams = Objects.requireNonNull(streams, "streams");
  }

  /** The result of {@code request} on {@code partition}, which it must name. */
  public <R> R query(StateQueryRequest<R> request, int partition) {
    KafkaStreams running = streams.get();
    if (running == null) {
      throw new InvalidStateStoreException("Kafka Streams has not started");
    }
    StateQueryResult<R> result = running.query(request);
    QueryResult<R> answer = result.getPartitionResults().get(partition);
    if (answer == null) {
      throw new InvalidStateStoreException("partition " + partition + " is not on this instance");
    }
    if (answer.isFailure()) {
      switch (answer.getFailureReason()) {
        case NOT_ACTIVE, NOT_PRESENT, NOT_UP_TO_BOUND ->
            throw new InvalidStateStoreException(
                "partition " + partition + ": " + answer.getFailureMessage());
        default ->
            throw new IllegalStateException(
                "query of "
                    + request.getStoreName()
                    + " failed ("
                    + answer.getFailureReason()
                    + "): "
                    + answer.getFailureMessage());
      }
    }
    return answer.getResult();
  }
}
