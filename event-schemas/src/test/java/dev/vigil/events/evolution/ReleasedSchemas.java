package dev.vigil.events.evolution;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/**
 * The schemas as last released, kept as test resources under {@code released/}: one {@code .avsc}
 * per named type, referring to each other by full name like the sources in {@code src/main/avro}.
 * When a release ships, its schemas are copied there, and from then on every change must stay
 * readable-compatible.
 */
public final class ReleasedSchemas {

  private ReleasedSchemas() {}

  /** Every released named type by full name. */
  public static Map<String, Schema> load() {
    Path directory = directory();
    SchemaParser parser = new SchemaParser();
    List<SchemaParser.ParseResult> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
        results.add(parser.parse(file));
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read released schemas in " + directory + ": " + e.getMessage(), e);
    }
    Map<String, Schema> byName = new TreeMap<>();
    for (SchemaParser.ParseResult result : results) {
      // Files may name types defined in files parsed after them: Avro resolves those once all are
      // parsed.
      Schema schema = result.mainSchema();
      byName.put(schema.getFullName(), schema);
    }
    return byName;
  }

  private static Path directory() {
    URL url = ReleasedSchemas.class.getResource("/released");
    if (url == null) {
      throw new IllegalStateException("test resource directory 'released' is missing");
    }
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + url, e);
    }
  }
}
