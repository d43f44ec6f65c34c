package dev.vigil.tools.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilConfigException;
import dev.vigil.tools.demo.DemoTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil profile ID}: what the detector knows of one identity, from its HTTP server. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print what a running detector knows of one identity: first and last seen, its baseline in"
          + " words (privileges, tools, usual networks, rhythm), its tokens by fingerprint with"
          + " expiry and binding, its tasks and its recent alerts. Asks GET /identities/{id} of"
          + " any instance (it forwards to the one that owns the identity) with the bearer token"
          + " vigil.http.query.token (VIGIL_HTTP_QUERY_TOKEN, or --config); waits out a"
          + " rebalance for up to --wait.",
      "--bench measures instead: it starts the embedded demo (broker, a day of history, the"
          + " detector, live traffic), waits until every identity has a profile, and prints the"
          + " p50/p99/max latency of --queries profile requests over HTTP."
    },
    footer = {
      "%nExit codes: 0 the profile was printed (or --bench met p99 <= 50 ms); 1 the identity is"
          + " unknown, or --bench missed its target; 2 bad arguments, no token configured, or"
          + " the token was refused; 3 the detector could not be reached or kept answering"
          + " 'moving'.",
      "%nExamples:",
      "  VIGIL_HTTP_QUERY_TOKEN=... vigil profile svc-billing@corp.iam --url http://vigil:9400",
      "  vigil profile spiffe://prod.corp.example/ns/data/sa/etl --json --config vigil.yaml",
      "  vigil profile --bench --queries 2000"
    })
public final class ProfileCommand implements Callable<Integer> {

  /** The latency the benchmark checks, from the product's targets. */
  static final Duration TARGET_P99 = Duration.ofMillis(50);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "IDENTITY",
      description = "The identity_id, as in alerts (e.g. svc-billing@corp.iam).")
  String identity;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The detector's HTTP server (default: http://localhost:<vigil.http.port>); any instance"
              + " of the deployment will do.")
  URI url;

  @Option(names = "--json", description = "Print the profile's JSON as the server sent it.")
  boolean json;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "How long to retry while the identity's state is moving (default: 30s).")
  Duration waitFor;

  @Option(names = "--bench", description = "Measure query latency on the embedded demo.")
  boolean bench;

  @Option(
      names = "--queries",
      paramLabel = "N",
      defaultValue = "2000",
      description = "With --bench: profile requests to measure (default: 2000).")
  int queries;

  @Option(
      names = "--identities",
      paramLabel = "N",
      defaultValue = "24",
      description = "With --bench: identities of the demo estate (default: 24, as the demo).")
  int identities;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "With --bench: the demo traffic's seed, also which identities are asked.")
  long seed;

  @Option(
      names = "--sample",
      description = "With --bench: also print the longest profile of the estate (standard error).")
  boolean sample;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (bench) {
      return bench(out, err);
    }
    if (identity == null || identity.isBlank()) {
      err.println("vigil profile: name an identity, or --bench");
      return ExitCode.INVALID_INPUT;
    }
    VigilConfig config;
    try {
      config = options.load();
    } catch (VigilConfigException e) {
      err.println("vigil profile: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    Optional<String> token = config.queryToken();
    if (token.isEmpty()) {
      err.println(
          "vigil profile: no query token; set vigil.http.query.token (VIGIL_HTTP_QUERY_TOKEN),"
              + " the same the detector has");
      return ExitCode.INVALID_INPUT;
    }
    URI base = url != null ? url : URI.create("http://localhost:" + config.httpPort());
    ProfileClient client = new ProfileClient(base, token.get(), Clock.systemUTC());
    ProfileClient.Answer answer;
    try {
      answer = client.getWaiting(identity, waitFor);
    } catch (IOException e) {
      err.println("vigil profile: cannot reach " + base + ": " + e.getMessage());
      return ExitCode.CLUSTER_PROBLEM;
    }
    return print(answer, base, out, err);
  }

  private int print(ProfileClient.Answer answer, URI base, PrintWriter out, PrintWriter err) {
    switch (answer.status()) {
      case 200 -> {
        if (json) {
          out.println(answer.body());
        } else {
          try {
            ProfileText.lines(JSON.readTree(answer.body())).forEach(out::println);
          } catch (JsonProcessingException e) {
            err.println("vigil profile: " + base + " answered something other than a profile");
            return ExitCode.FAILED;
          }
        }
        return ExitCode.OK;
      }
      case 404 -> {
        err.println("vigil profile: " + identity + " is not known (never seen, or expired)");
        return ExitCode.FAILED;
      }
      case 401, 403 -> {
        err.println("vigil profile: refused by " + base + ": " + message(answer.body()));
        return ExitCode.INVALID_INPUT;
      }
      case 503 -> {
        err.println("vigil profile: still moving after " + waitFor + ": " + message(answer.body()));
        return ExitCode.CLUSTER_PROBLEM;
      }
      default -> {
        err.println(
            "vigil profile: " + base + " answered " + answer.status() + ": " + answer.body());
        return ExitCode.FAILED;
      }
    }
  }

  private int bench(PrintWriter out, PrintWriter err) throws Exception {
    if (queries < 1 || identities < 1) {
      err.println("vigil profile: --queries and --identities must be at least 1");
      return ExitCode.INVALID_INPUT;
    }
    DemoTraffic traffic;
    try {
      traffic = DemoTraffic.defaults(seed, identities, 3);
    } catch (IllegalArgumentException e) {
      err.println("vigil profile: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    ProfileBench.Result r = new ProfileBench(traffic, queries, sample, err).run();
    out.printf(
        Locale.ROOT,
        "Profile queries: %,d over HTTP, one at a time, for %d identities (%,d history events;"
            + " every profile answered %ds after the detector started)%n",
        r.queries(),
        r.identities(),
        r.historyEvents(),
        r.untilAnswered().toSeconds());
    out.printf(
        Locale.ROOT,
        "Latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d answers not 200%n",
        r.p50() / 1000.0,
        r.p99() / 1000.0,
        r.max() / 1000.0,
        r.notOk());
    boolean met = r.p99() <= TARGET_P99.toNanos() / 1000 && r.notOk() == 0;
    out.printf("Target p99 <= %d ms: %s%n", TARGET_P99.toMillis(), met ? "met" : "missed");
    return met ? ExitCode.OK : ExitCode.FAILED;
  }

  private static String message(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      String text = node.path("message").asText(node.path("reason").asText(""));
      return text.isEmpty() ? body : text;
    } catch (JsonProcessingException e) {
      return body;
    }
  }
}
