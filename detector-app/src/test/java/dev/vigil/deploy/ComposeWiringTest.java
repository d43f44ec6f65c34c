package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.cli.VigilCli;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.tools.revoke.RevokeCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml wires the services to each other and to files that exist, with pinned images.
 */
class ComposeWiringTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path root;
  private static JsonNode services;

  @BeforeAll
  static void load() throws IOException {
    root = DashboardMetrics.repositoryRoot();
    services = YAML.readTree(root.resolve("docker-compose.yml").toFile()).path("services");
  }

  private static JsonNode service(String name) {
    JsonNode service = services.get(name);
    assertThat(service).as("service '%s' in docker-compose.yml", name).isNotNull();
    return service;
  }

  private static String env(String service, String key) {
    JsonNode value = service(service).path("environment").get(key);
    assertThat(value).as("%s environment %s", service, key).isNotNull();
    return value.asText();
  }

  private static List<String> command(String service) {
    List<String> args = new ArrayList<>();
    service(service).path("command").forEach(arg -> args.add(arg.asText()));
    return args;
  }

  private static String option(List<String> args, String name) {
    int at = args.indexOf(name);
    assertThat(at).as("option %s in %s", name, args).isNotNegative();
    return args.get(at + 1);
  }

  /** host:port of the listener other containers use: the inter-broker listener, advertised. */
  private static String kafkaInternalBootstrap() {
    String listenerName = env("kafka", "KAFKA_INTER_BROKER_LISTENER_NAME");
    for (String listener : env("kafka", "KAFKA_ADVERTISED_LISTENERS").split(",")) {
      if (listener.startsWith(listenerName + "://")) {
        return listener.substring(listenerName.length() + 3);
      }
    }
    throw new AssertionError("no advertised listener named " + listenerName);
  }

  private static String registryUrl() {
    Matcher port =
        Pattern.compile(":(\\d+)$").matcher(env("schema-registry", "SCHEMA_REGISTRY_LISTENERS"));
    assertThat(port.find()).isTrue();
    return "http://schema-registry:" + port.group(1);
  }

  /** The host path a container path is mounted from, through the service's bind mounts. */
  private static Optional<Path> hostPath(String service, String containerPath) {
    for (JsonNode volume : service(service).path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (!parts[0].startsWith(".")) {
        continue;
      }
      String target = parts[1];
      if (containerPath.equals(target) || containerPath.startsWith(target + "/")) {
        return Optional.of(
            root.resolve(parts[0])
                .resolve(containerPath.substring(target.length()).replaceFirst("^/", ""))
                .normalize());
      }
    }
    return Optional.empty();
  }

  @Test
  void kafkaClientsUseTheBrokersInternalListener() {
    String bootstrap = kafkaInternalBootstrap();

    assertThat(bootstrap).isEqualTo("kafka:9092");
    assertThat(env("vigil-detector", "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(bootstrap);
    assertThat(option(command("traffic-generator"), "--bootstrap-servers")).isEqualTo(bootstrap);
    assertThat(option(command("vigil-revoker"), "--bootstrap-servers")).isEqualTo(bootstrap);
    assertThat(env("kafka-init", "BOOTSTRAP_SERVERS")).isEqualTo(bootstrap);
    assertThat(env("schema-registry", "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
        .isEqualTo("PLAINTEXT://" + bootstrap);
    assertThat(env("kafka", "KAFKA_LISTENERS"))
        .contains(env("kafka", "KAFKA_INTER_BROKER_LISTENER_NAME") + "://:9092");
  }

  @Test
  void everyVigilProcessFindsTheRegistryService() {
    String url = registryUrl();

    assertThat(url).isEqualTo("http://schema-registry:8081");
    assertThat(env("vigil-detector", "VIGIL_SCHEMA_REGISTRY_URL")).isEqualTo(url);
    assertThat(option(command("traffic-generator"), "--schema-registry-url")).isEqualTo(url);
    assertThat(option(command("vigil-revoker"), "--schema-registry-url")).isEqualTo(url);
  }

  @Test
  void theGeneratorAndTheRevokerRunTheAgreedCommands() {
    assertThat(command("vigil-detector")).containsExactly("run");
    assertThat(command("traffic-generator"))
        .startsWith("simulate")
        .contains("--rate", "200", "--forever");
    List<String> revoke = command("vigil-revoker");
    assertThat(revoke.get(0)).isEqualTo("revoke");

    RevokeCommand parsed = new RevokeCommand();
    CommandLine.ParseResult result =
        VigilCli.conventions(new CommandLine(parsed))
            .parseArgs(revoke.subList(1, revoke.size()).toArray(String[]::new));
    assertThat(result.errors()).isEmpty();
    String stateDir = option(revoke, "--state-dir");
    assertThat(service("vigil-revoker").path("volumes").toString()).contains(":" + stateDir);
  }

  /**
   * Every service that runs vigil.jar gives it a command today's command line accepts, and its
   * environment (KAFKA_*, VIGIL_*) loads into a valid configuration for that command.
   */
  @Test
  void everyVigilCommandParsesAndLoadsItsConfigurationWithTheRealCommandLine() {
    String vigilImage = service("vigil-detector").path("image").asText();
    int checked = 0;
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      if (!service.getValue().path("image").asText().equals(vigilImage)) {
        continue;
      }
      List<String> args = command(service.getKey());
      Map<String, String> environment = new HashMap<>();
      service
          .getValue()
          .path("environment")
          .properties()
          .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));

      CommandLine.ParseResult parsed =
          VigilCli.commandLine().parseArgs(args.toArray(String[]::new));
      assertThat(parsed.hasSubcommand()).as("%s runs a vigil command: %s", service, args).isTrue();
      CommandLine.ParseResult command = parsed.subcommand();
      assertThat(command.errors()).as("%s: %s", service.getKey(), args).isEmpty();
      CommandLine.Model.CommandSpec options = command.commandSpec().mixins().get("options");
      assertThat(options).as("%s takes --config, KAFKA_*/VIGIL_* and --set", args).isNotNull();
      ConfigOptions config = (ConfigOptions) options.userObject();
      config.environment = () -> environment;
      assertThat(config.load().bootstrapServers())
          .as("%s's Kafka", service.getKey())
          .isEqualTo(kafkaInternalBootstrap());
      checked++;
    }
    assertThat(checked).as("services running vigil.jar").isEqualTo(3);
  }

  @Test
  void prometheusScrapesTheDetectorsMetricsPortAndLoadsTheRules() throws IOException {
    String port = env("vigil-detector", "VIGIL_HTTP_PORT");
    List<String> exposed = new ArrayList<>();
    service("vigil-detector").path("expose").forEach(p -> exposed.add(p.asText()));
    assertThat(exposed).contains(port);

    String configFile =
        command("prometheus").stream()
            .filter(arg -> arg.startsWith("--config.file="))
            .findFirst()
            .orElseThrow()
            .substring("--config.file=".length());
    Path config = hostPath("prometheus", configFile).orElseThrow();
    assertThat(config).isRegularFile();
    JsonNode prometheus = YAML.readTree(config.toFile());

    JsonNode job = null;
    for (JsonNode scrape : prometheus.path("scrape_configs")) {
      if (scrape.path("job_name").asText().equals("vigil-detector")) {
        job = scrape;
      }
    }
    assertThat(job).as("scrape job vigil-detector").isNotNull();
    assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
    assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
        .isEqualTo("vigil-detector:" + port);

    int ruleFiles = 0;
    for (JsonNode glob : prometheus.path("rule_files")) {
      Path pattern = hostPath("prometheus", glob.asText()).orElseThrow();
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      try (Stream<Path> files = Files.list(pattern.getParent())) {
        for (Path file : files.filter(matcher::matches).toList()) {
          assertThat(YAML.readTree(file.toFile()).path("groups").isArray())
              .as("%s has rule groups", file)
              .isTrue();
          ruleFiles++;
        }
      }
    }
    assertThat(ruleFiles).as("rule files matched by rule_files").isPositive();
  }

  @Test
  void grafanaIsProvisionedWithThePrometheusDatasourceAndTheDashboard() throws IOException {
    Path datasources = hostPath("grafana", "/etc/grafana/provisioning/datasources").orElseThrow();
    Path providers = hostPath("grafana", "/etc/grafana/provisioning/dashboards").orElseThrow();
    assertThat(datasources).isDirectory();
    assertThat(providers).isDirectory();

    JsonNode datasource =
        YAML.readTree(datasources.resolve("prometheus.yml").toFile()).path("datasources").get(0);
    assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(service("prometheus").path("ports").toString()).contains(":9090");
    String uid = datasource.path("uid").asText();

    JsonNode provider =
        YAML.readTree(providers.resolve("vigil.yml").toFile()).path("providers").get(0);
    Path dashboards =
        hostPath("grafana", provider.path("options").path("path").asText()).orElseThrow();
    List<Path> files;
    try (Stream<Path> list = Files.list(dashboards)) {
      files = list.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      Set<String> uids = new HashSet<>();
      JSON.readTree(file.toFile())
          .findValues("datasource")
          .forEach(ds -> uids.add(ds.path("uid").asText()));
      assertThat(uids).as("datasource uids in %s", file).containsOnly(uid);
    }
    Path home =
        hostPath("grafana", env("grafana", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
            .orElseThrow();
    assertThat(home).isRegularFile();
  }

  @Test
  void everyBindMountedFileOrDirectoryExists() {
    int mounts = 0;
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      for (JsonNode volume : service.getValue().path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith(".")) {
          assertThat(root.resolve(source).normalize())
              .as("%s mounts %s", service.getKey(), source)
              .exists();
          mounts++;
        }
      }
    }
    assertThat(mounts).isGreaterThanOrEqualTo(4);
  }

  @Test
  void theInitServiceCreatesEveryTopicVigilAndTheRevokerUse() throws IOException {
    String entrypoint = service("kafka-init").path("entrypoint").toString();
    Path script = hostPath("kafka-init", "/opt/vigil/create-topics.sh").orElseThrow();
    assertThat(entrypoint).contains("/opt/vigil/create-topics.sh");
    Set<String> created = new HashSet<>();
    Matcher create =
        Pattern.compile("(?m)^create\\s+(\\S+)\\s+\\d+")
            .matcher(Files.readString(script, StandardCharsets.UTF_8));
    while (create.find()) {
      created.add(create.group(1));
    }
    VigilTopics topics = VigilTopics.DEFAULTS;
    String revokerDeadLetters =
        new CommandLine(new RevokeCommand())
            .getCommandSpec()
            .findOption("--dead-letter-topic")
            .defaultValue();

    assertThat(created)
        .containsExactlyInAnyOrder(
            topics.authEvents(),
            topics.tokenEvents(),
            topics.alerts(),
            topics.revocations(),
            topics.rules(),
            topics.deadLetters(),
            topics.ocsfFindings(),
            topics.risk(),
            revokerDeadLetters);
  }

  @Test
  void servicesStartInOrderOnHealthChecks() {
    Map<String, String> detector = dependencies("vigil-detector");
    assertThat(detector)
        .containsEntry("kafka-init", "service_completed_successfully")
        .containsEntry("schema-registry", "service_healthy");
    assertThat(dependencies("kafka-init")).containsEntry("kafka", "service_healthy");
    assertThat(dependencies("schema-registry")).containsEntry("kafka", "service_healthy");
    assertThat(dependencies("traffic-generator"))
        .containsEntry("vigil-detector", "service_healthy");
    assertThat(dependencies("vigil-revoker"))
        .containsEntry("kafka-init", "service_completed_successfully");
    assertThat(dependencies("grafana")).containsEntry("prometheus", "service_healthy");

    for (Map.Entry<String, JsonNode> service : services.properties()) {
      for (Map.Entry<String, String> dependency : dependencies(service.getKey()).entrySet()) {
        assertThat(dependency.getValue())
            .isIn("service_started", "service_healthy", "service_completed_successfully");
        if (dependency.getValue().equals("service_healthy")) {
          assertThat(service(dependency.getKey()).has("healthcheck"))
              .as(
                  "%s waits for %s to be healthy, so it needs a healthcheck",
                  service.getKey(), dependency.getKey())
              .isTrue();
        }
      }
    }
  }

  private static Map<String, String> dependencies(String service) {
    Map<String, String> conditions = new HashMap<>();
    JsonNode dependsOn = service(service).path("depends_on");
    assertThat(dependsOn.isArray())
        .as("%s uses the long depends_on form with conditions", service)
        .isFalse();
    for (Map.Entry<String, JsonNode> entry : dependsOn.properties()) {
      conditions.put(entry.getKey(), entry.getValue().path("condition").asText());
    }
    return conditions;
  }

  @Test
  void onlyTheUserFacingPortsArePublishedAndOnlyOnLoopback() {
    Map<String, List<String>> published = new HashMap<>();
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      for (JsonNode port : service.getValue().path("ports")) {
        published.computeIfAbsent(service.getKey(), k -> new ArrayList<>()).add(port.asText());
      }
    }
    assertThat(published)
        .containsOnly(
            Map.entry("grafana", List.of("127.0.0.1:3000:3000")),
            Map.entry("prometheus", List.of("127.0.0.1:9090:9090")),
            Map.entry("kafka", List.of("127.0.0.1:29092:29092")));
  }

  @Test
  void everyImageIsPinnedToAVersion() throws IOException {
    List<String> images = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      images.add(service.getValue().path("image").asText());
    }
    Path dockerfile =
        root.resolve(service("vigil-detector").path("build").path("dockerfile").asText());
    Matcher from = Pattern.compile("(?im)^FROM\\s+(\\S+)").matcher(Files.readString(dockerfile));
    while (from.find()) {
      images.add(from.group(1));
    }

    assertThat(images).hasSizeGreaterThan(services.size());
    for (String image : images) {
      String lastSegment = image.substring(image.lastIndexOf('/') + 1);
      assertThat(lastSegment).as("image %s has a tag", image).contains(":");
      String tag = lastSegment.substring(lastSegment.indexOf(':') + 1);
      assertThat(tag).as("tag of %s", image).isNotEqualTo("latest").matches(".*\\d.*");
    }
  }

  @Test
  void theVigilImageRunsTheJarAsANonRootUser() throws IOException {
    Path dockerfile = root.resolve("detector-app/Dockerfile");
    List<String> lines = Files.readAllLines(dockerfile);
    String user = null;
    String entrypoint = null;
    String cmd = null;
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.toUpperCase().startsWith("FROM ")) {
        user = null; // USER is per stage; only the final stage's counts
      } else if (trimmed.startsWith("USER ")) {
        user = trimmed.substring(5).strip();
      } else if (trimmed.startsWith("ENTRYPOINT ")) {
        entrypoint = trimmed.substring(11).strip();
      } else if (trimmed.startsWith("CMD ")) {
        cmd = trimmed.substring(4).strip();
      }
    }
    assertThat(user).as("USER of the final stage").isNotNull();
    String name = user.split(":")[0];
    assertThat(name).isNotIn("root", "0");
    assertThat(entrypoint).isEqualTo("[\"java\", \"-jar\", \"/app/vigil.jar\"]");
    assertThat(cmd).isEqualTo("[\"run\"]");
    for (String built : List.of("vigil-detector", "traffic-generator", "vigil-revoker")) {
      assertThat(root.resolve(service(built).path("build").path("dockerfile").asText()))
          .isEqualTo(dockerfile);
      assertThat(service(built).path("image").asText())
          .isEqualTo(service("vigil-detector").path("image").asText());
    }
  }

  @Test
  void composeItselfAcceptsTheFile() throws Exception {
    List<String> compose = composeCommand();
    assumeTrue(compose != null, "neither `docker compose` nor `docker-compose` is installed");
    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));

    Process process =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
    }

    assertThat(finished).as("%s finished within 2 minutes", command).isTrue();
    assertThat(process.exitValue()).as("%s said: %s", command, output).isZero();
  }

  /** {@code docker compose} (v2 plugin) if it works, else {@code docker-compose}, else null. */
  private static List<String> composeCommand() {
    for (List<String> candidate :
        List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
      List<String> version = new ArrayList<>(candidate);
      version.add("version");
      try {
        Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        // not installed; try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }
}
