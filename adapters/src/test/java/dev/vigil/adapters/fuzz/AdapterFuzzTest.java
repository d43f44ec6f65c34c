package dev.vigil.adapters.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.adapters.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Mutated vendor records: every adapter maps, skips with a reason or refuses with a reason, and
 * never throws, never reports an adapter error (a caught crash is still a bug), never returns more
 * events than a record can hold, and never puts record content into a reason (reasons become metric
 * labels, so their number must stay bounded).
 *
 * <p>Each try takes a real record from a source's fixtures, applies one to four mutations chosen by
 * a seed (a field removed, a value replaced by one of another type, a string made huge, the record
 * re-wrapped in a shipper envelope as text) and maps the result.
 */
class AdapterFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Fixtures of each source: real shapes to mutate. */
  private static final Map<String, List<String>> FIXTURES =
      Map.of(
          "cloudtrail",
          List.of(
              "/realdata/cloudtrail/stratus-red-team/aws.credential-access.ec2-steal-instance-credentials.json",
              "/realdata/cloudtrail/stratus-red-team/aws.persistence.sts-federation-token.json",
              "/realdata/cloudtrail/stratus-red-team/aws.initial-access.console-login-without-mfa.json"),
          "kubernetes",
          List.of(
              "/fixtures/kubernetes/audit-stages.jsonl", "/fixtures/kubernetes/tokenrequest.jsonl"),
          "vault",
          List.of("/fixtures/vault/audit.jsonl"),
          "github",
          List.of("/fixtures/github/audit-log-stream.jsonl"),
          "okta",
          List.of("/fixtures/okta/system-log-page.json"),
          "entra",
          List.of("/fixtures/entra/graph-signins-page.json"),
          "mcp",
          List.of("/fixtures/mcp/gateway.jsonl"));

  private static final Map<String, List<JsonNode>> RECORDS = new LinkedHashMap<>();

  /** A fixed code, or a code and a field path: never a value from the record. */
  private static final Pattern REASON = Pattern.compile("[a-z-]+(:[A-Za-z0-9_.\\[\\]-]{1,80})?");

  private static List<JsonNode> records(String source) {
    return RECORDS.computeIfAbsent(
        source, s -> FIXTURES.get(s).stream().flatMap(r -> Fixtures.records(r).stream()).toList());
  }

  @Test
  void everySourceIsFuzzed() {
    assertThat(FIXTURES.keySet()).containsExactlyInAnyOrderElementsOf(SourceAdapters.names());
  }

  @Property(tries = 700)
  void aMutatedRecordIsMappedSkippedOrRefusedWithAReason(
      @ForAll @IntRange(min = 0, max = 6) int sourceIndex,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    String source = SourceAdapters.names().get(sourceIndex % SourceAdapters.names().size());
    Random random = new Random(seed);
    List<JsonNode> records = records(source);
    JsonNode record = records.get(random.nextInt(records.size())).deepCopy();
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      record = mutate(record, random);
    }

    check(SourceAdapters.byName(source), record, "seed " + seed);
  }

  @Property(tries = 150)
  void anyJsonValueIsRefusedOrUsedNeverThrown(
      @ForAll @IntRange(min = 0, max = 6) int sourceIndex,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    String source = SourceAdapters.names().get(sourceIndex % SourceAdapters.names().size());
    Random random = new Random(seed);

    check(SourceAdapters.byName(source), randomValue(random, 0), "seed " + seed);
  }

  static void check(SourceAdapter adapter, JsonNode record, String label) {
    AdapterResult result;
    try {
      result = adapter.map(record);
    } catch (RuntimeException e) {
      throw new AssertionError(adapter.source() + " threw on " + label + ": " + record, e);
    }
    assertThat(result).as("%s %s", adapter.source(), label).isNotNull();
    if (result.isMapped()) {
      // At most the record's own events plus the credential it minted, whatever it contains.
      assertThat(result.events()).hasSizeBetween(1, 4);
    } else {
      assertThat(result.reason())
          .as("%s %s: %s", adapter.source(), label, record)
          .doesNotStartWith("adapter-error:")
          .matches(REASON);
    }
  }

  /** One change somewhere in the tree: the node chosen uniformly among all nodes. */
  private static JsonNode mutate(JsonNode root, Random random) {
    if (random.nextInt(10) == 0) {
      return envelope(root, random);
    }
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(root, containers);
    if (containers.isEmpty()) {
      return randomValue(random, 0);
    }
    JsonNode parent = containers.get(random.nextInt(containers.size()));
    if (parent instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty()) {
        object.set("x", randomValue(random, 1));
        return root;
      }
      String name = names.get(random.nextInt(names.size()));
      if (random.nextInt(4) == 0) {
        object.remove(name);
      } else {
        object.set(name, replacement(object.get(name), random));
      }
    } else if (parent instanceof ArrayNode array && !array.isEmpty()) {
      int index = random.nextInt(array.size());
      if (random.nextInt(4) == 0) {
        array.remove(index);
      } else {
        array.set(index, replacement(array.get(index), random));
      }
    }
    return root;
  }

  private static JsonNode replacement(JsonNode original, Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.textNode("");
      case 2 -> NODES.textNode("x".repeat(1 + random.nextInt(100_000)));
      case 3 -> NODES.numberNode(random.nextLong());
      case 4 -> NODES.numberNode(random.nextDouble() * 1e300);
      case 5 -> NODES.booleanNode(random.nextBoolean());
      case 6 -> NODES.objectNode();
      case 7 -> NODES.arrayNode().add(original);
      case 8 -> NODES.textNode(original.toString());
      case 9 -> NODES.textNode(original.asText() + "\u0000\uD800é");
      case 10 -> NODES.textNode(randomTimestampish(random));
      default -> randomValue(random, 1);
    };
  }

  private static String randomTimestampish(Random random) {
    String[] forms = {
      "2026-13-45T99:99:99Z",
      "9999999999999999999",
      "-1",
      "1e400",
      "2026-11-28T09:15:00",
      "+999999999-12-31T23:59:59Z",
      "NaN",
      "0x10"
    };
    return forms[random.nextInt(forms.length)];
  }

  /** The record as text inside a shipper envelope, as Fluent Bit, CloudWatch or Azure send it. */
  private static JsonNode envelope(JsonNode record, Random random) {
    String[] fields = {"log", "message", "detail", "properties"};
    ObjectNode wrapper = NODES.objectNode();
    String field = fields[random.nextInt(fields.length)];
    String text = record.toString();
    if (random.nextBoolean() && text.length() > 2) {
      text = text.substring(0, random.nextInt(text.length()));
    }
    wrapper.set(field, random.nextBoolean() ? NODES.textNode(text) : record);
    return wrapper;
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.elements().forEachRemaining(child -> collectContainers(child, out));
    }
  }

  private static JsonNode randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 5 : 7);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.textNode(Long.toString(random.nextLong(), 36));
      case 2 -> NODES.numberNode(random.nextInt());
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> NODES.textNode("{\"eventName\":\"AssumeRole\"");
      case 5 -> {
        ObjectNode object = NODES.objectNode();
        String[] names = {
          "eventName",
          "userIdentity",
          "type",
          "user",
          "auth",
          "actor",
          "request",
          "response",
          "log",
          "message",
          "time",
          "eventTime",
          "@timestamp",
          "published",
          "createdDateTime"
        };
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
          object.set(names[random.nextInt(names.length)], randomValue(random, depth + 1));
        }
        yield object;
      }
      default -> {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          array.add(randomValue(random, depth + 1));
        }
        yield array;
      }
    };
  }

  /** Found by the properties above; kept as plain examples. */
  @Test
  void anOktaTargetWithoutATypeIsNoToken() throws Exception {
    JsonNode record = records("okta").get(0).deepCopy();
    ((ObjectNode) record).set("target", JSON.readTree("[{\"id\":\"x\"}, \"text\"]"));

    check(SourceAdapters.byName("okta"), record, "target without a type");
  }

  @Test
  void anEpochTimeBeyondYear9999IsAnInvalidFieldNotACrash() {
    for (String source : SourceAdapters.names()) {
      for (JsonNode original : records(source)) {
        for (long epoch : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 9_000_000_000_000_000L}) {
          JsonNode record = original.deepCopy();
          setEveryTime(record, epoch);
          check(SourceAdapters.byName(source), record, "epoch " + epoch);
        }
      }
    }
  }

  private static void setEveryTime(JsonNode node, long epoch) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("time") || lower.equals("published") || lower.equals("@timestamp")) {
          object.put(name, epoch);
        } else {
          setEveryTime(object.get(name), epoch);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(child -> setEveryTime(child, epoch));
    }
  }
}
