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

  private VigilConfig configMapConfig() throws IOException {
    String yaml = resource("ConfigMap", "vigil-config").path("data").path("vigil.yaml").asText();
    Path file = temp.resolve("vigil.yaml");
    Files.writeString(file, yaml);
    return VigilConfig.builder().file(file).environment(Map.of()).build();
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
  void theSecretsAreSettingsVigilKnows() {
    JsonNode secret = resource("Secret", "vigil-secrets").path("stringData");
    Map<String, String> environment = new TreeMap<>();
    secret.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
    environment.remove("VIGIL_WEBHOOK_SECRET"); // read by vigil revoke, not a detector setting

    VigilConfig config = VigilConfig.builder().environment(environment).build();

    assertThat(config.warnings()).isEmpty();
    assertThat(config.describe())
        .noneMatch(line -> line.contains("CHANGE-ME"))
        .anyMatch(line -> line.startsWith(VigilKey.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO.key()));
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
