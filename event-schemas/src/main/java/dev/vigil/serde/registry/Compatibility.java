package dev.vigil.serde.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A Schema Registry compatibility level, with Confluent's names and meaning: which registered
 * versions a new schema is checked against (the latest, or all of them for {@code *_TRANSITIVE}),
 * and in which direction (BACKWARD: the new schema reads data written with the old; FORWARD: the
 * old reads the new; FULL: both). {@link #BACKWARD} is the registry default.
 */
public enum Compatibility {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /** The level of {@code name}, case-insensitive; empty when it names none. */
  public static Optional<Compatibility> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether every registered version is checked, not only the latest. */
  public boolean transitive() {
    return name().endsWith("_TRANSITIVE");
  }

  /** The same direction, checked against the latest version only. */
  public Compatibility nonTransitive() {
    return transitive()
        ? valueOf(name().substring(0, name().length() - "_TRANSITIVE".length()))
        : this;
  }

  /**
   * Why {@code candidate} may not be registered after {@code registered} (a subject's versions,
   * oldest first) under this level; empty when it may. A NONE level, or no registered version,
   * accepts anything.
   */
  public List<String> problems(Schema candidate, List<RegisteredSchema> registered) {
    List<String> problems = new ArrayList<>();
    if (this == NONE || registered.isEmpty()) {
      return problems;
    }
    int first = transitive() ? 0 : registered.size() - 1;
    for (int i = registered.size() - 1; i >= first; i--) {
      Schema existing = registered.get(i).schema();
      int version = registered.get(i).version();
      if (this != FORWARD && this != FORWARD_TRANSITIVE) {
        // BACKWARD and FULL: the new schema must read what the old one wrote.
        describe(problems, "version " + version + " (new reads old)", candidate, existing);
      }
      if (this != BACKWARD && this != BACKWARD_TRANSITIVE) {
        // FORWARD and FULL: the old schema must read what the new one writes.
        describe(problems, "version " + version + " (old reads new)", existing, candidate);
      }
    }
    return problems;
  }

  private static void describe(
      List<String> problems, String against, Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility verdict =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (verdict.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      for (SchemaCompatibility.Incompatibility incompatibility :
          verdict.getResult().getIncompatibilities()) {
        problems.add(
            against
                + ": "
                + incompatibility.getType()
                + " at "
                + incompatibility.getLocation()
                + ": "
                + incompatibility.getMessage());
      }
    }
  }
}
