package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.cli.VigilCli;
import dev.vigil.runtime.config.VigilConfig;
import dev.vigil.runtime.config.VigilKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * deploy/kubernetes agrees with the app it deploys: the commands parse as Vigil parses them, the
 * configuration loads with no unknown key, the probes and scrape annotations name the port and
 * paths the metrics server serves, the state volume is where Kafka Streams keeps its state, and the
 * image is the one the compose stack builds.
 */
class KubernetesManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static Path dir;
  private static List<JsonNode> resources;

  @TempDir Path temp;

  @BeforeAll
  static void load() throws IOException {
    dir = DashboardMetrics.repositoryRoot().resolve("deploy/kubernetes");
    resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
            MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class)) {
          docs.forEachRemaining(resources::add);
        }
      }
    }
  }

  private static JsonNode resource(String kind, String name) {
    return resources.stream()
        .filter(r -> kind.equals(r.path("kind").asText()))
        .filter(r -> name.equals(r.path("metadata").path("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + dir));
  }

  private static JsonNode container(JsonNode workload) {
    return workload.path("spec").path("template").path("spec").path("containers").get(0);
  }

  private static List<String> args(JsonNode container) {
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    return args;
  }

  private static final String SECRETS_MOUNT = "/etc/vigil/secrets";

  private VigilConfig configMapConfig() throws IOException {
    return configMapConfig(Map.of());
  }

  /**
   * The ConfigMap's configuration as a pod reads it: the Secret's keys written as files where the
   * pod mounts them (here under a temporary directory), {@code environment} as the container's.
   */
  private VigilConfig configMapConfig(Map<String, String> environment) throws IOException {
    Path mount = Files.createDirectories(temp.resolve("secrets"));
    secretData().forEach((name, value) -> write(mount.resolve(name), value));
    String yaml = resource("ConfigMap", "vigil-config").path("data").path("vigil.yaml").asText();
    Path file = temp.resolve("vigil.yaml");
    Files.writeString(file, yaml.replace(SECRETS_MOUNT, mount.toString()));
    Map<String, String> env = new TreeMap<>();
    environment.forEach((k, v) -> env.put(k, v.replace(SECRETS_MOUNT, mount.toString())));
    return VigilConfig.builder().file(file).environment(env).build();
  }

  private static Map<String, String> secretData() {
    Map<String, String> data = new TreeMap<>();
    resource("Secret", "vigil-secrets")
        .path("stringData")
        .fields()
        .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
    return data;
  }

  private static Map<String, String> environment(JsonNode container) {
    Map<String, String> env = new TreeMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theConfigurationLoadsWithNoUnknownKey() throws IOException {
    VigilConfig config = configMapConfig();

    assertThat(config.warnings()).isEmpty();
    assertThat(config.get("processing.guarantee")).contains("exactly_once_v2");
  }

  @Test
  void everyListedFileExists() {
    JsonNode kustomization = resource("Kustomization", "");
    kustomization
        .path("resources")
        .forEach(r -> assertThat(dir.resolve(r.asText())).as("kustomization resource").exists());
  }

  @Test
  void theCommandsParseAsVigilParsesThem() {
    for (JsonNode workload :
        List.of(
            resource("StatefulSet", "vigil-detector"), resource("Deployment", "vigil-revoker"))) {
      List<String> args = args(container(workload));
      CommandLine.ParseResult parsed =
          VigilCli.commandLine().parseArgs(args.toArray(String[]::new));
      assertThat(parsed.hasSubcommand()).as("%s", args).isTrue();
      assertThat(parsed.subcommand().matchedOptionValue("--config", (Object) null))
          .as("%s reads the ConfigMap", args)
          .hasToString("/etc/vigil/vigil.yaml");
    }
  }

  @Test
  void probesAndScrapingUseThePortAndPathsVigilServes() throws IOException {
    JsonNode detector = resource("StatefulSet", "vigil-detector");
    JsonNode container = container(detector);
    int port = configMapConfig().httpPort();

    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/ready");
    JsonNode annotations =
        detector.path("spec").path("template").path("metadata").path("annotations");
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(port));
    assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
    JsonNode endpoint =
        resource("ServiceMonitor", "vigil-detector").path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
  }

  @Test
  void theStateVolumeIsWhereStreamsKeepsItsState() throws IOException {
    String stateDir = configMapConfig().get("state.dir").orElseThrow();
    JsonNode detector = resource("StatefulSet", "vigil-detector");
    List<String> mounts = new ArrayList<>();
    container(detector).path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));

    assertThat(mounts).contains(stateDir);
    JsonNode claim = detector.path("spec").path("volumeClaimTemplates").get(0);
    assertThat(claim.path("metadata").path("name").asText()).isEqualTo("state");
  }

  @Test
  void theBudgetCoversTheDetectorPods() {
    JsonNode selector =
        resource("PodDisruptionBudget", "vigil-detector").path("spec").path("selector");
    JsonNode podLabels =
        resource("StatefulSet", "vigil-detector")
            .path("spec")
            .path("template")
            .path("metadata")
            .path("labels");
    selector
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
  }

  @Test
  void theSecretsReachTheSettingsAsMountedFilesNeverAsEnvironment() throws IOException {
    Map<String, String> secrets = secretData();
    JsonNode revoker = container(resource("Deployment", "vigil-revoker"));

    VigilConfig config = configMapConfig(environment(revoker));

    assertThat(config.warnings()).isEmpty();
    assertThat(config.kafkaSettings().get("sasl.jaas.config"))
        .contains("password=\"" + secrets.get("sasl-password") + "\"");
    assertThat(config.kafkaSettings())
        .containsEntry("ssl.truststore.password", secrets.get("truststore-password"));
    assertThat(config.serdeConfig())
        .containsEntry("basic.auth.user.info", secrets.get("registry-user-info"));
    assertThat(config.get(VigilKey.WEBHOOK_SECRET.key())).contains(secrets.get("webhook-secret"));
    assertThat(config.queryToken()).contains(secrets.get("query-token"));
    assertThat(config.describe()).noneMatch(line -> line.contains("CHANGE-ME"));

    for (JsonNode workload :
        List.of(
            resource("StatefulSet", "vigil-detector"), resource("Deployment", "vigil-revoker"))) {
      JsonNode container = container(workload);
      assertThat(container.path("envFrom").isMissingNode()).as("envFrom").isTrue();
      List<String> mounts = new ArrayList<>();
      container
          .path("volumeMounts")
          .forEach(m -> mounts.add(m.path("name").asText() + "=" + m.path("mountPath").asText()));
      assertThat(mounts).contains("secrets=" + SECRETS_MOUNT);
      List<String> secretVolumes = new ArrayList<>();
      workload
          .path("spec")
          .path("template")
          .path("spec")
          .path("volumes")
          .forEach(v -> secretVolumes.add(v.path("secret").path("secretName").asText()));
      assertThat(secretVolumes).contains("vigil-secrets");
    }
  }

  @Test
  void theImageIsTheOneComposeBuilds() throws IOException {
    JsonNode compose =
        YAML.readTree(DashboardMetrics.repositoryRoot().resolve("docker-compose.yml").toFile());
    String image = compose.path("services").path("vigil-detector").path("image").asText();

    assertThat(container(resource("StatefulSet", "vigil-detector")).path("image").asText())
        .isEqualTo(image);
    assertThat(container(resource("Deployment", "vigil-revoker")).path("image").asText())
        .isEqualTo(image);
  }
}
