package dev.vigil.runtime.query;

import dev.vigil.runtime.metrics.MetricsServer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The query endpoints of the HTTP server, and the one place a new one is added. They are served
 * from the start, answering "moving, retry" until Kafka Streams runs, because the server starts
 * first: its port is this instance's {@code application.server}, which Streams needs to start.
 */
public final class QueryRoutes {

  private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
  private final List<MetricsServer.Route> routes;

  /**
   * @param token the bearer token the endpoints require; empty turns them off
   */
  public QueryRoutes(Optional<String> token, Clock clock) {
    Optional<BearerToken> bearer = token.map(BearerToken::new);
    StoreRouting routing = StoreRouting.of(streams::get);
    LocalQueries local = new LocalQueries(streams::get);
    this.routes =
        List.of(
            new MetricsServer.Route(
                ProfileHandler.PREFIX,
                new ProfileHandler(routing, new ProfileAnswer(local, clock), bearer)),
            new RiskEndpoint(routing, token, clock).route());
  }

  /** For {@code MetricsServer.start}. */
  public List<MetricsServer.Route> routes() {
    return routes;
  }

  /** Starts answering from {@code running}. */
  public void bind(KafkaStreams running) {
    streams.set(running);
  }
}
