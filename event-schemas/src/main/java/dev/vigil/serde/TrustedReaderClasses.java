package dev.vigil.serde;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (1.11.4+) refuses to instantiate classes named by a schema unless they are trusted, to stop
 * a hostile writer schema from naming arbitrary classes. A specific reader is built for a class the
 * application chose, so the generated types of that class's own schema are trusted; nothing a
 * writer schema names beyond them is.
 */
final class TrustedReaderClasses {

  private static final Set<String> TRUSTED = ConcurrentHashMap.newKeySet();
  private static boolean installed;

  private TrustedReaderClasses() {}

  /** Trusts the generated class of every record, enum and fixed type in {@code readerSchema}. */
  static void trustTypesOf(Schema readerSchema) {
    collect(readerSchema, TRUSTED);
    install();
  }

  private static synchronized void install() {
    if (!installed) {
      ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
      ClassSecurityValidator.setGlobal(
          ClassSecurityValidator.composite(before, type -> TRUSTED.contains(type.getName())));
      installed = true;
    }
  }

  private static void collect(Schema schema, Set<String> names) {
    switch (schema.getType()) {
      case RECORD:
        if (names.add(schema.getFullName())) {
          schema.getFields().forEach(field -> collect(field.schema(), names));
        }
        break;
      case ENUM:
      case FIXED:
        names.add(schema.getFullName());
        break;
      case ARRAY:
        collect(schema.getElementType(), names);
        break;
      case MAP:
        collect(schema.getValueType(), names);
        break;
      case UNION:
        schema.getTypes().forEach(branch -> collect(branch, names));
        break;
      default:
        break;
    }
  }
}
