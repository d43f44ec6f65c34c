package dev.vigil.events.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.AuthEvent;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The guard can fail, and when it does it names the field. */
class BackwardCompatibilityTest {

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }

  /** Record {@code E}: a string {@code id}, then {@code fields} (JSON field declarations). */
  private static Schema withId(String... fields) {
    StringBuilder json =
        new StringBuilder(
            "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}");
    for (String field : fields) {
      json.append(',').append(field);
    }
    return parse(json.append("]}").toString());
  }

  /** Record E with an id and a nested record {@code source} of an ip and an asn of {@code type}. */
  private static Schema withSourceAsn(String type) {
    return withId(
        "{\"name\":\"source\",\"type\":{\"type\":\"record\",\"name\":\"S\",\"fields\":["
            + "{\"name\":\"ip\",\"type\":\"string\"},{\"name\":\"asn\",\"type\":\""
            + type
            + "\"}]}}");
  }

  @Test
  void aCompatibleChangeHasNoProblems() {
    Schema released = withId();
    Schema current = withId("{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}");

    assertThat(BackwardCompatibility.problems(current, released)).isEmpty();
    assertThat(
            BackwardCompatibility.problems(AuthEvent.getClassSchema(), AuthEvent.getClassSchema()))
        .isEmpty();
  }

  @Test
  void aNewFieldWithoutDefaultIsNamed() {
    Schema released = withId();
    Schema current = withId("{\"name\":\"tenant\",\"type\":\"string\"}");

    List<String> problems = BackwardCompatibility.problems(current, released);

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("field 'tenant'")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
  }

  @Test
  void aNestedTypeChangeIsNamedWithItsPath() {
    Schema released = withSourceAsn("string");
    Schema current = withSourceAsn("long");

    assertThat(BackwardCompatibility.problems(current, released))
        .singleElement()
        .asString()
        .contains("field 'source.asn'")
        .contains("TYPE_MISMATCH");
  }

  @Test
  void aRemovedEnumSymbolWithoutDefaultIsNamed() {
    Schema released =
        parse(
            "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"level\",\"type\":"
                + "{\"type\":\"enum\",\"name\":\"L\",\"symbols\":[\"LOW\",\"HIGH\",\"CRITICAL\"]}}]}");
    Schema current =
        parse(
            "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"level\",\"type\":"
                + "{\"type\":\"enum\",\"name\":\"L\",\"symbols\":[\"LOW\",\"HIGH\"]}}]}");

    assertThat(BackwardCompatibility.problems(current, released))
        .singleElement()
        .asString()
        .contains("field 'level'")
        .contains("MISSING_ENUM_SYMBOLS")
        .contains("CRITICAL");
  }
}
