package dev.vigil.adapters.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.VendorFileReader;
import dev.vigil.adapters.VendorRecord;
import dev.vigil.adapters.common.Json;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.TokenUseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/** Reads test resources with the production reader and maps them. */
public final class Fixtures {

  private Fixtures() {}

  /** Every record of a classpath resource, read with {@link VendorFileReader}. */
  public static List<JsonNode> records(String resource) {
    List<JsonNode> out = new ArrayList<>();
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      assertThat(in).as("test resource %s", resource).isNotNull();
      try (VendorFileReader reader = VendorFileReader.open(in)) {
        while (reader.hasNext()) {
          VendorRecord record = reader.next();
          assertThat(record.readable())
              .as("%s %s: %s", resource, record.location(), record.error())
              .isTrue();
          out.add(record.json());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public static List<AdapterResult> mapAll(SourceAdapter adapter, String resource) {
    return records(resource).stream().map(adapter::map).toList();
  }

  /** {@code MAPPED} or {@code SKIPPED:<reason>} / {@code UNMAPPABLE:<reason>} → count. */
  public static Map<String, Integer> accounting(List<AdapterResult> results) {
    Map<String, Integer> counts = new TreeMap<>();
    for (AdapterResult result : results) {
      String key = result.isMapped() ? "MAPPED" : result.status() + ":" + result.reason();
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  /** Events by kind: {@code use} or the AuthEvent kind. */
  public static Map<String, Integer> eventKinds(List<AdapterResult> results) {
    Map<String, Integer> counts = new TreeMap<>();
    for (SpecificRecord event : events(results)) {
      String key = event instanceof AuthEvent auth ? auth.getKind().name() : "use";
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  public static List<SpecificRecord> events(List<AdapterResult> results) {
    return results.stream().flatMap(r -> r.events().stream()).toList();
  }

  public static List<TokenUseEvent> uses(List<AdapterResult> results) {
    return events(results).stream()
        .filter(TokenUseEvent.class::isInstance)
        .map(TokenUseEvent.class::cast)
        .toList();
  }

  public static List<AuthEvent> auths(List<AdapterResult> results, AuthEventKind kind) {
    return events(results).stream()
        .filter(AuthEvent.class::isInstance)
        .map(AuthEvent.class::cast)
        .filter(a -> a.getKind() == kind)
        .toList();
  }

  public static TokenUseEvent use(List<AdapterResult> results, Predicate<TokenUseEvent> which) {
    List<TokenUseEvent> found = uses(results).stream().filter(which).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  public static AuthEvent auth(List<AdapterResult> results, Predicate<AuthEvent> which) {
    List<AuthEvent> found =
        events(results).stream()
            .filter(AuthEvent.class::isInstance)
            .map(AuthEvent.class::cast)
            .filter(which)
            .toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  public static JsonNode json(String text) {
    JsonNode node = Json.parseOrNull(text);
    assertThat(node).as("valid JSON: %s", text).isNotNull();
    return node;
  }
}
