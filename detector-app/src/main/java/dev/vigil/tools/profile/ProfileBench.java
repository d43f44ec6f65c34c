package dev.vigil.tools.profile;

import dev.vigil.detector.FindingWording;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.runtime.app.DetectorApp;
import dev.vigil.runtime.broker.EmbeddedKafka;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilKey;
import dev.vigil.runtime.lifecycle.GracefulShutdown;
import dev.vigil.runtime.lifecycle.VigilRuntime;
import dev.vigil.runtime.topics.TopicAdmin;
import dev.vigil.runtime.topics.TopicSpec;
import dev.vigil.tools.demo.DemoPack;
import dev.vigil.tools.demo.DemoTraffic;
import dev.vigil.tools.simulate.kafka.EventFeed;
import dev.vigil.tools.simulate.kafka.EventProducer;
import dev.vigil.tools.simulate.kafka.Pacer;
import dev.vigil.tools.simulate.kafka.RunningFeed;
import dev.vigil.tools.simulate.kafka.TimeSplit;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code vigil profile --bench}: profile query latency on the embedded demo. Starts what {@code
 * vigil demo} starts (a broker, the demo's day of history, the detector, live traffic with its
 * attacks), waits until every identity of the history answers, then sends {@code queries} profile
 * requests over HTTP, one at a time, each for an identity drawn at random, and measures each from
 * request to last byte.
 */
final class ProfileBench {

  /** What a run measured; latencies in microseconds. */
  record Result(
      int identities,
      int queries,
      long historyEvents,
      Duration untilAnswered,
      long p50,
      long p99,
      long max,
      int notOk) {}

  /** Queries sent and thrown away first: the JIT compiles the request path during these. */
  static final int WARM_UP = 200;

  private static final Duration STATE_WAIT = Duration.ofMinutes(5);

  private final DemoTraffic traffic;
  private final int queries;
  private final PrintWriter err;
  private final boolean sample;

  /**
   * @param sample also print, to {@code err}, the longest profile of the estate as it was answered
   */
  ProfileBench(DemoTraffic traffic, int queries, boolean sample, PrintWriter err) {
    this.traffic = traffic;
    this.queries = queries;
    this.sample = sample;
    this.err = err;
  }

  Result run() throws Exception {
    GracefulShutdown shutdown = GracefulShutdown.withoutHook();
    try {
      EmbeddedKafka kafka = EmbeddedKafka.start();
      shutdown.register("embedded Kafka", kafka);
      String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      VigilConfig config = config(kafka, token);
      Clock clock = Clock.systemUTC();
      Instant now = clock.instant();
      EventProducer producer = EventProducer.to(config);
      Set<String> identities = new LinkedHashSet<>();
      TimeSplit events = new TimeSplit(noting(traffic.estate(now).iterator(), identities), now);
      try (TopicAdmin admin = TopicAdmin.connect(config.clientConfig())) {
        admin.ensure(
            TopicSpec.vigilTopics(
                config.topics(), config.topicPartitions(), config.topicReplicationFactor()),
            true);
      }
      long history =
          new EventFeed(producer, Pacer.unlimited(), EventFeed.IMMEDIATE)
              .run(events.before(), () -> false);
      List<String> known = List.copyOf(identities);
      err.printf("History written: %,d events of %d identities.%n", history, known.size());

      VigilRuntime.Started vigil = DetectorApp.start(config, shutdown);
      shutdown.register(
          "live traffic",
          RunningFeed.start(
              "vigil-profile-bench-traffic",
              new EventFeed(producer, Pacer.perSecond(1000), EventFeed.followingWallClock(clock)),
              producer,
              events.rest(),
              reason -> {}));
      ProfileClient client =
          new ProfileClient(URI.create("http://127.0.0.1:" + vigil.server().port()), token, clock);

      Instant started = clock.instant();
      awaitEveryProfile(client, known);
      Duration untilAnswered = Duration.between(started, clock.instant());
      err.printf(
          "Every profile answers %s after the detector started.%n",
          FindingWording.span(untilAnswered));
      if (sample) {
        printRichest(client, known);
      }

      Random random = new Random(traffic.seed());
      for (int i = 0; i < WARM_UP; i++) {
        client.get(known.get(random.nextInt(known.size())));
      }
      long[] micros = new long[queries];
      int notOk = 0;
      for (int i = 0; i < queries; i++) {
        String identity = known.get(random.nextInt(known.size()));
        long t0 = System.nanoTime();
        ProfileClient.Answer answer = client.get(identity);
        micros[i] = (System.nanoTime() - t0) / 1_000;
        if (answer.status() != 200) {
          notOk++;
        }
      }
      Arrays.sort(micros);
      return new Result(
          known.size(),
          queries,
          history,
          untilAnswered,
          percentile(micros, 50),
          percentile(micros, 99),
          micros[micros.length - 1],
          notOk);
    } finally {
      shutdown.closeAll();
    }
  }

  /** Waits until every identity of the history has a profile: its state is there. */
  private void awaitEveryProfile(ProfileClient client, List<String> identities) throws Exception {
    Instant deadline = Instant.now().plus(STATE_WAIT);
    List<String> waiting = new ArrayList<>(identities);
    while (!waiting.isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            waiting.size()
                + " identities still have no profile after "
                + FindingWording.span(STATE_WAIT));
      }
      List<String> still = new ArrayList<>();
      for (String identity : waiting) {
        if (client.get(identity).status() != 200) {
          still.add(identity);
        }
      }
      waiting = still;
      if (!waiting.isEmpty()) {
        Thread.sleep(500);
      }
    }
  }

  private void printRichest(ProfileClient client, List<String> identities) throws Exception {
    String richest = "";
    for (String identity : identities) {
      ProfileClient.Answer answer = client.get(identity);
      if (answer.status() == 200 && answer.body().length() > richest.length()) {
        richest = answer.body();
      }
    }
    err.println("A sample answer (the longest profile of the estate):");
    err.println(richest);
    err.flush();
  }

  static long percentile(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static Iterator<SpecificRecord> noting(
      Iterator<SpecificRecord> events, Set<String> identities) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return events.hasNext();
      }

      @Override
      public SpecificRecord next() {
        SpecificRecord event = events.next();
        if (event instanceof AuthEvent auth) {
          identities.add(auth.getIdentityId());
        } else if (event instanceof TokenUseEvent use) {
          identities.add(use.getIdentityId());
        }
        return event;
      }
    };
  }

  private static VigilConfig config(EmbeddedKafka kafka, String token) throws Exception {
    Path pack = kafka.directory().resolve("vigil-profile-bench-pack.yaml");
    Files.writeString(pack, DemoPack.text());
    return VigilConfig.builder()
        .commandLine(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "application.id",
                "vigil-profile-bench",
                "state.dir",
                kafka.directory().resolve("streams-state").toString(),
                VigilKey.SCHEMA_REGISTRY_URL.key(),
                "mock://vigil-profile-bench",
                VigilKey.TOPICS_REPLICATION_FACTOR.key(),
                "1",
                VigilKey.HTTP_PORT.key(),
                "0",
                VigilKey.HTTP_BIND_ADDRESS.key(),
                "127.0.0.1",
                VigilKey.HTTP_QUERY_TOKEN.key(),
                token,
                VigilKey.RULES.key(),
                pack.toString()))
        .build();
  }
}
