package dev.vigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every metric the provisioned Grafana dashboards and the Prometheus rules query, and which of them
 * a {@code /metrics} scrape does not expose. Run it against a live detector with {@code
 * DashboardMetrics.missingIn(scrapeText)}: an empty map means every panel and alert has data to
 * show.
 */
public final class DashboardMetrics {

  /** One metric used by one query: {@code where} names the file and the panel or alert. */
  public record Use(String metric, String where, String expr) {}

  /** Series Prometheus makes itself rather than scraping them. */
  static final Set<String> PROMETHEUS_GENERATED =
      Set.of(
          "up",
          "scrape_duration_seconds",
          "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling",
          "scrape_series_added",
          "ALERTS",
          "ALERTS_FOR_STATE");

  static final Path DASHBOARDS = Path.of("deploy", "grafana", "dashboards");
  static final Path RULES = Path.of("deploy", "prometheus", "rules");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern LABEL_VALUES =
      Pattern.compile(
          "^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);
  private static final Pattern QUERY_RESULT =
      Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

  private final List<Use> uses;
  private final Set<String> recorded;

  private DashboardMetrics(List<Use> uses, Set<String> recorded) {
    this.uses = List.copyOf(uses);
    this.recorded = Set.copyOf(recorded);
  }

  /** Metrics missing from {@code metricsText}, each with the panels and alerts that use it. */
  public static SortedMap<String, List<String>> missingIn(String metricsText) {
    return load(repositoryRoot()).missing(metricsText);
  }

  /**
   * The repository root: the nearest directory up from the working directory with {@code deploy/}.
   */
  public static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(DASHBOARDS))
          && Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no directory above "
            + Path.of("").toAbsolutePath()
            + " holds "
            + DASHBOARDS
            + " and docker-compose.yml");
  }

  /** Reads every dashboard ({@code *.json}) and rule file ({@code *.yml}, {@code *.yaml}). */
  public static DashboardMetrics load(Path root) {
    List<Use> uses = new ArrayList<>();
    Set<String> recorded = new HashSet<>();
    for (Path file : files(root.resolve(DASHBOARDS), ".json")) {
      JsonNode dashboard = read(JSON, file);
      String name = root.relativize(file).toString();
      collectPanels(dashboard.path("panels"), name, uses);
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        JsonNode query = variable.path("query");
        String text = query.isObject() ? query.path("query").asText("") : query.asText("");
        if (variable.path("type").asText().equals("query") && !text.isBlank()) {
          templateExpression(text)
              .ifPresent(
                  expr ->
                      add(uses, expr, name + " variable '" + variable.path("name").asText() + "'"));
        }
      }
      for (JsonNode annotation : dashboard.path("annotations").path("list")) {
        if (annotation.hasNonNull("expr")) {
          add(
              uses,
              annotation.get("expr").asText(),
              name + " annotation '" + annotation.path("name").asText() + "'");
        }
      }
    }
    for (Path file : files(root.resolve(RULES), ".yml", ".yaml")) {
      JsonNode rules = read(YAML, file);
      String name = root.relativize(file).toString();
      for (JsonNode group : rules.path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          String label =
              rule.has("alert")
                  ? "alert '" + rule.get("alert").asText() + "'"
                  : "record '" + rule.path("record").asText() + "'";
          add(uses, rule.path("expr").asText(), name + " " + label);
          if (rule.has("record")) {
            recorded.add(rule.get("record").asText());
          }
        }
      }
    }
    return new DashboardMetrics(uses, recorded);
  }

  public List<Use> uses() {
    return uses;
  }

  public Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    uses.forEach(use -> names.add(use.metric()));
    return names;
  }

  /**
   * Metrics used but neither exposed by {@code metricsText}, made by Prometheus, nor recorded by a
   * rule.
   */
  public SortedMap<String, List<String>> missing(String metricsText) {
    MetricsExposition exposition = MetricsExposition.parse(metricsText);
    SortedMap<String, List<String>> missing = new TreeMap<>();
    for (Use use : uses) {
      String metric = use.metric();
      if (PROMETHEUS_GENERATED.contains(metric)
          || recorded.contains(metric)
          || exposition.exposes(metric)) {
        continue;
      }
      List<String> where = missing.computeIfAbsent(metric, m -> new ArrayList<>());
      if (!where.contains(use.where())) {
        where.add(use.where());
      }
    }
    return missing;
  }

  private static void collectPanels(JsonNode panels, String file, List<Use> uses) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          add(
              uses,
              target.get("expr").asText(),
              file + " panel '" + panel.path("title").asText() + "'");
        }
      }
      collectPanels(panel.path("panels"), file, uses);
    }
  }

  /** Grafana's {@code label_values(expr, label)} and {@code query_result(expr)} wrap PromQL. */
  private static Optional<String> templateExpression(String query) {
    Matcher labelValues = LABEL_VALUES.matcher(query);
    if (labelValues.matches()) {
      return Optional.of(labelValues.group(1));
    }
    Matcher queryResult = QUERY_RESULT.matcher(query);
    if (queryResult.matches()) {
      return Optional.of(queryResult.group(1));
    }
    if (query.strip().startsWith("label_values(")
        || query.strip().startsWith("label_names(")
        || query.strip().startsWith("metrics(")) {
      return Optional.empty();
    }
    return Optional.of(query);
  }

  private static void add(List<Use> uses, String expr, String where) {
    for (String metric : PromQlMetricNames.in(expr)) {
      uses.add(new Use(metric, where, expr));
    }
  }

  private static List<Path> files(Path dir, String... extensions) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p -> Stream.of(extensions).anyMatch(ext -> p.getFileName().toString().endsWith(ext)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }
}
