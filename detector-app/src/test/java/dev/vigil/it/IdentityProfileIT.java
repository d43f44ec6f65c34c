package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /identities/{id}} across two instances of one deployment: each instance answers every
 * identity, its own from its state and the other's by forwarding to the owner (which the answer
 * names in {@code X-Vigil-Served-By}); the token is required on both.
 */
class IdentityProfileIT {

  private static final String TOKEN = "it-profile-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path stateA;
  @TempDir Path stateB;

  @Test
  void eitherInstanceAnswersEveryIdentityFromItsOwner() throws Exception {
    ItScope scope = new ItScope("it-profile", 2);
    Map<String, String> query =
        Map.of("vigil.http.query.token", TOKEN, "vigil.http.bind.address", "127.0.0.1");
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
    List<TokenReplay> holders = holdersOfBothPartitions(start);

    try (EventWriter writer = new EventWriter(scope);
        RunningDetector a = RunningDetector.start(scope, scope.config(stateA, query));
        RunningDetector b = RunningDetector.start(scope, scope.config(stateB, query))) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> holdsTasks(a) && holdsTasks(b));
      holders.forEach(h -> writer.send(h.issue()));
      holders.forEach(h -> h.legitimateUses(2).forEach(writer::send));

      Set<String> servedBy = new HashSet<>();
      for (RunningDetector asked : List.of(a, b)) {
        for (TokenReplay holder : holders) {
          HttpResponse<String> answer =
              await()
                  .atMost(Duration.ofSeconds(60))
                  .pollInterval(Duration.ofMillis(250))
                  .until(
                      () -> get(asked, holder.identity(), TOKEN),
                      r -> r.statusCode() == 200 && r.body().contains(holder.token()));
          JsonNode profile = JSON.readTree(answer.body());
          assertThat(profile.path("identity").asText()).isEqualTo(holder.identity());
          assertThat(profile.path("tokens").get(0).path("token_id").asText())
              .isEqualTo(holder.token());
          assertThat(profile.path("tokens").get(0).path("binding").asText()).contains("workload");
          assertThat(profile.path("seen").asText()).startsWith("First seen ");
          answer.headers().firstValue("X-Vigil-Served-By").ifPresent(servedBy::add);
        }
      }
      // Each instance forwarded the other's identities to it, so both owners served some.
      assertThat(servedBy)
          .containsExactlyInAnyOrder(
              "127.0.0.1:" + a.started().server().port(),
              "127.0.0.1:" + b.started().server().port());

      String identity = holders.get(0).identity();
      assertThat(get(a, identity, null).statusCode()).isEqualTo(401);
      assertThat(get(b, identity, "not-" + TOKEN).statusCode()).isEqualTo(401);
      for (RunningDetector asked : List.of(a, b)) {
        HttpResponse<String> unknown = get(asked, "svc-never-seen@it", TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("status").asText()).isEqualTo("unknown");
      }
    }
  }

  /** Token holders whose identities fall in both partitions of a two-partition deployment. */
  private static List<TokenReplay> holdersOfBothPartitions(Instant start) {
    List<TokenReplay> holders = new ArrayList<>();
    Set<Integer> partitions = new HashSet<>();
    for (int i = 0; holders.size() < 4 || partitions.size() < 2; i++) {
      String identity = "spiffe://prod/ns/profile-" + i + "/sa/reporter";
      partitions.add(
          Utils.toPositive(Utils.murmur2(identity.getBytes(StandardCharsets.UTF_8))) % 2);
      holders.add(new TokenReplay(identity, "tok-profile-" + i, start.plusSeconds(i)));
    }
    return holders;
  }

  private static HttpResponse<String> get(RunningDetector instance, String identity, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + instance.started().server().port()
                        + "/identities/"
                        + URLEncoder.encode(identity, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(15));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean holdsTasks(RunningDetector detector) {
    KafkaStreams streams = detector.started().streams().streams();
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return false;
    }
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      if (!thread.activeTasks().isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
