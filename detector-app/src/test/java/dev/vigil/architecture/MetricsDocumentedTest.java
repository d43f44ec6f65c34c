package dev.vigil.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.DetectionMetrics;
import dev.vigil.detector.topology.VigilTopics;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.dlq.DeadLetterMetrics;
import dev.vigil.runtime.metrics.MicrometerDetectionMetrics;
import dev.vigil.runtime.metrics.StreamsHealth;
import dev.vigil.runtime.metrics.VigilRegistry;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every Vigil meter has a line in the metrics table of docs/EXTENDING.md, and every line there is a
 * meter a fresh detector exports: adding a metric without documenting it, or removing one and
 * leaving its line, fails here. The same table names the {@link DetectionMetrics} or {@link
 * DeadLetterMetrics} method behind each meter, and every such method must appear. The dashboard
 * check ({@code DashboardMetricsTest}) runs against a sample scrape; its Vigil meters must be ones
 * the code still exports, or the dashboards are checked against metrics that no longer exist.
 *
 * <p>The registry is built as {@code VigilRuntime.start} builds it before Kafka Streams starts
 * ({@link VigilRegistry}, {@link StreamsHealth}, {@link MicrometerDetectionMetrics} with every
 * known meter registered at zero for the default pack).
 */
class MetricsDocumentedTest {

  private static final String GUIDE = "docs/EXTENDING.md";
  private static final String TABLE_HEADING = "### Metrics Vigil exports";
  private static final String SAMPLE =
      "detector-app/src/test/resources/deploy/vigil-metrics-sample.txt";
  private static final Pattern TYPE_LINE =
      Pattern.compile("(?m)^# TYPE (vigil_[a-z0-9_]+) ([a-z]+)\\s*$");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(vigil_[a-z0-9_]+)` \\|(.*)$");

  private VigilRegistry registry;
  // Gauges hold their object weakly: keep it, as the runtime does.
  private StreamsHealth health;

  @BeforeEach
  void freshDetector() {
    registry = new VigilRegistry();
    health = new StreamsHealth(registry.registry());
    new MicrometerDetectionMetrics(registry.registry())
        .registerKnown(RulePacks.defaultPack(), VigilTopics.DEFAULTS, false);
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void everyVigilMeterHasALineInTheGuideAndEveryLineIsAMeter() throws IOException {
    Set<String> exported = families(registry.registry().scrape());
    Set<String> documented =
        documented().stream().map(Row::metric).collect(Collectors.toCollection(TreeSet::new));

    assertThat(exported)
        .as("Vigil meters without a line in the metrics table of %s", GUIDE)
        .isSubsetOf(documented);
    assertThat(documented)
        .as("lines of the metrics table in %s naming no exported meter", GUIDE)
        .isSubsetOf(exported);
  }

  @Test
  void everyMetricsMethodIsNamedInTheTable() throws IOException {
    String table = documented().stream().map(Row::rest).collect(Collectors.joining("\n"));
    List<String> methods =
        Stream.of(DetectionMetrics.class, DeadLetterMetrics.class)
            .flatMap(
                type ->
                    Arrays.stream(type.getDeclaredMethods())
                        .filter(m -> Modifier.isPublic(m.getModifiers()))
                        .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                        .map(m -> type.getSimpleName() + "." + m.getName()))
            .sorted()
            .toList();

    assertThat(methods)
        .as("methods that move a meter, each named in the table of %s", GUIDE)
        .allSatisfy(method -> assertThat(table).contains("`" + method + "`"));
  }

  @Test
  void theDashboardSampleScrapeListsOnlyMetersTheCodeExports() throws IOException {
    Set<String> exported = families(registry.registry().scrape());
    Set<String> sample = families(Files.readString(Repository.root().resolve(SAMPLE)));

    assertThat(sample)
        .as("Vigil meters in %s (the scrape DashboardMetricsTest checks against)", SAMPLE)
        .isSubsetOf(exported);
  }

  /**
   * Vigil metric families, as a reader queries them: a histogram by its base name (its {@code
   * _bucket}, {@code _count}, {@code _sum} and the {@code _max} gauge Micrometer adds belong to
   * it).
   */
  static Set<String> families(String scrape) {
    Set<String> histograms = new TreeSet<>();
    Set<String> all = new TreeSet<>();
    Matcher type = TYPE_LINE.matcher(scrape);
    while (type.find()) {
      all.add(type.group(1));
      if (type.group(2).equals("histogram")) {
        histograms.add(type.group(1));
      }
    }
    all.removeIf(
        name -> name.endsWith("_max") && histograms.contains(name.substring(0, name.length() - 4)));
    return all;
  }

  private record Row(String metric, String rest) {}

  private static List<Row> documented() throws IOException {
    String guide = Files.readString(Repository.root().resolve(GUIDE));
    int start = guide.indexOf(TABLE_HEADING);
    assertThat(start).as("%s has a section '%s'", GUIDE, TABLE_HEADING).isNotNegative();
    int end = guide.indexOf("\n#", start + TABLE_HEADING.length());
    String section = guide.substring(start, end < 0 ? guide.length() : end);
    Matcher row = ROW.matcher(section);
    List<Row> rows = new ArrayList<>();
    while (row.find()) {
      rows.add(new Row(row.group(1), row.group(2)));
    }
    return rows;
  }
}
