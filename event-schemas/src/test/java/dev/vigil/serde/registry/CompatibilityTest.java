package dev.vigil.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Compatibility levels of the mock:// registry, as Confluent's registry defines them. */
class CompatibilityTest {

  private static final Schema A = record("{\"name\":\"a\",\"type\":\"string\"}");
  private static final Schema A_B =
      record(
          "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
  private static final Schema A_C =
      record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"long\"}");
  private static final Schema B = record("{\"name\":\"b\",\"type\":\"int\",\"default\":0}");

  private final String scope = "compat-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

  @AfterEach
  void drop() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void backwardIsTheDefaultAndChecksOnlyTheLatestVersion() {
    assertThat(registry.compatibility("s")).isEqualTo(Compatibility.BACKWARD);
    registry.register("s", A);
    registry.register("s", A_B);

    // B drops 'a' and reads A_B data (b has a default): fine against the latest only.
    assertThat(registry.isCompatible("s", B)).isTrue();
    registry.setCompatibility("s", Compatibility.BACKWARD_TRANSITIVE);
    // B also reads A's data ('b' defaults), so it passes against every version too.
    assertThat(registry.isCompatible("s", B)).isTrue();
    assertThatThrownBy(() -> registry.register("s", A_C))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("not BACKWARD_TRANSITIVE compatible");
  }

  @Test
  void forwardAndFullCheckThatTheOldSchemaReadsTheNew() {
    registry.register("s", A_B);
    registry.setCompatibility(Compatibility.FORWARD);

    // Old A_B reading data written by A: 'b' has a default, so it can.
    assertThat(registry.isCompatible("s", A)).isTrue();
    // Old A_B reading data written by B: 'a' has no default, so it cannot.
    assertThat(registry.compatibilityProblems("s", B)).isNotEmpty();

    registry.setCompatibility(Compatibility.FULL);
    // A_C is read by A_B (c ignored, b defaulted), but A_C cannot read A_B data (c has no default).
    assertThat(registry.compatibilityProblems("s", A_C))
        .singleElement()
        .asString()
        .contains("new reads old");
    registry.setCompatibility("s", Compatibility.NONE);
    assertThat(registry.register("s", A_C)).isPositive();
    assertThat(registry.clearCompatibility("s")).contains(Compatibility.NONE);
    assertThat(registry.compatibility("s")).isEqualTo(Compatibility.FULL);
  }

  @Test
  void levelsParseCaseInsensitively() {
    assertThat(Compatibility.parse("full_transitive")).contains(Compatibility.FULL_TRANSITIVE);
    assertThat(Compatibility.parse("sideways")).isEmpty();
    assertThat(Compatibility.FORWARD_TRANSITIVE.nonTransitive()).isEqualTo(Compatibility.FORWARD);
  }

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse(
            "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":[" + fields + "]}");
  }
}
