package dev.vigil.events.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * The evolution guard: every schema as it is now must read data written with its released version
 * (Avro BACKWARD compatibility, the rule the registry enforces). A failure names the type and
 * field.
 */
class ReleasedSchemasTest {

  private static final Map<String, Schema> RELEASED = ReleasedSchemas.load();

  @Test
  void everyReleasedTypeStillExistsAndReadsItsReleasedData() {
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Schema> released : RELEASED.entrySet()) {
      Schema current = currentSchema(released.getKey());
      if (current == null) {
        failures.add(released.getKey() + " was released but no longer exists");
        continue;
      }
      for (String problem : BackwardCompatibility.problems(current, released.getValue())) {
        failures.add(
            released.getKey()
                + " is not backward compatible with its released version: "
                + problem);
      }
    }
    if (!failures.isEmpty()) {
      fail(String.join("\n", failures));
    }
  }

  @Test
  void theContractRecordsAreAmongTheReleasedTypes() {
    assertThat(RELEASED)
        .containsKeys(
            "dev.vigil.events.AuthEvent",
            "dev.vigil.events.TokenUseEvent",
            "dev.vigil.events.Alert",
            "dev.vigil.events.RevocationCommand");
  }

  @Test
  void referencesBetweenReleasedFilesAreResolved() {
    Schema source = RELEASED.get("dev.vigil.events.AuthEvent").getField("source").schema();

    assertThat(source.getType()).isEqualTo(Schema.Type.RECORD);
    assertThat(source.getField("asn")).isNotNull();
  }

  /**
   * The schema of the class generated from src/main/avro, or null when no such class exists any
   * more.
   */
  private static Schema currentSchema(String fullName) {
    try {
      return SpecificData.get().getSchema(Class.forName(fullName));
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
