package dev.vigil.events.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads a JSON tree into Avro specific records by walking the record's schema, so a field added to
 * an .avsc is read without touching this class. Unknown JSON fields are ignored (producers may be
 * newer than us); null or absent fields take the schema default, and fields without a default are
 * required.
 */
final class JsonToAvro {

  private final ClassLoader loader;
  private final ObjectMapper mapper;
  private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

  JsonToAvro(ClassLoader loader, ObjectMapper mapper) {
    this.loader = loader;
    this.mapper = mapper;
  }

  SpecificRecord record(JsonNode node, Schema schema, String path) {
    if (!node.isObject()) {
      throw new EventJsonException(path, "expected an object, got " + describe(node));
    }
    SpecificRecord record = newRecord(schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      JsonNode value = node.get(field.name());
      if (value == null || value.isNull()) {
        record.put(field.pos(), defaultOf(field, fieldPath));
      } else {
        record.put(field.pos(), value(value, field.schema(), fieldPath));
      }
    }
    return record;
  }

  private Object defaultOf(Schema.Field field, String path) {
    if (!field.hasDefaultValue()) {
      if (isNullable(field.schema())) {
        return null;
      }
      throw new EventJsonException(path, "required " + expected(field.schema()) + " is missing");
    }
    Object declared = field.defaultVal();
    if (declared == JsonProperties.NULL_VALUE) {
      return null;
    }
    // Avro gives defaults as plain Java values; read them through the same path as input so a
    // record default such as {} becomes a record with its own field defaults.
    return value(mapper.valueToTree(declared), field.schema(), path);
  }

  private Object value(JsonNode node, Schema schema, String path) {
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return timestamp(node, path);
    }
    switch (schema.getType()) {
      case UNION:
        return union(node, schema, path);
      case RECORD:
        return record(node, schema, path);
      case ENUM:
        return enumSymbol(node, schema, path);
      case ARRAY:
        return array(node, schema, path);
      case MAP:
        return map(node, schema, path);
      case STRING:
        if (!node.isTextual()) {
          throw mismatch(path, schema, node);
        }
        return node.textValue();
      case LONG:
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
          throw mismatch(path, schema, node);
        }
        return node.longValue();
      case INT:
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
          throw mismatch(path, schema, node);
        }
        return node.intValue();
      case DOUBLE:
        if (!node.isNumber()) {
          throw mismatch(path, schema, node);
        }
        return node.doubleValue();
      case BOOLEAN:
        if (!node.isBoolean()) {
          throw mismatch(path, schema, node);
        }
        return node.booleanValue();
      default:
        throw new EventJsonException(
            path, "schema type " + schema.getType() + " is not supported in JSON lines");
    }
  }

  private Object union(JsonNode node, Schema schema, String path) {
    if (node.isNull()) {
      if (isNullable(schema)) {
        return null;
      }
      throw mismatch(path, schema, node);
    }
    Schema branch = nonNullBranch(schema);
    if (branch == null) {
      throw new EventJsonException(path, "only [null, T] unions are supported in JSON lines");
    }
    return value(node, branch, path);
  }

  private Object enumSymbol(JsonNode node, Schema schema, String path) {
    if (!node.isTextual()) {
      throw mismatch(path, schema, node);
    }
    String symbol = node.textValue();
    if (!schema.hasEnumSymbol(symbol)) {
      // An enum with a default reads symbols it does not know as that default (schema evolution).
      if (schema.getEnumDefault() != null) {
        symbol = schema.getEnumDefault();
      } else {
        throw new EventJsonException(
            path, "expected one of " + schema.getEnumSymbols() + ", got \"" + symbol + "\"");
      }
    }
    return enumConstant(schema, symbol);
  }

  private SpecificRecord newRecord(Schema schema) {
    try {
      return (SpecificRecord) classOf(schema).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot instantiate the generated class of " + schema.getFullName(), e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object enumConstant(Schema schema, String symbol) {
    return Enum.valueOf((Class<? extends Enum>) classOf(schema), symbol);
  }

  /**
   * The generated class named by a schema. The schemas walked here come from compiled classes,
   * never from input, so resolving their names is safe; Avro's own lookup refuses packages it was
   * not told to trust, which would make every caller configure a JVM-wide allow-list.
   */
  private Class<?> classOf(Schema schema) {
    return classes.computeIfAbsent(
        schema.getFullName(),
        name -> {
          try {
            return Class.forName(name, true, loader);
          } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class for schema " + name, e);
          }
        });
  }

  private List<Object> array(JsonNode node, Schema schema, String path) {
    if (!node.isArray()) {
      throw mismatch(path, schema, node);
    }
    List<Object> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String itemPath = path + "[" + i + "]";
      if (item.isNull() && !isNullable(schema.getElementType())) {
        throw mismatch(itemPath, schema.getElementType(), item);
      }
      items.add(value(item, schema.getElementType(), itemPath));
    }
    return items;
  }

  private Map<String, Object> map(JsonNode node, Schema schema, String path) {
    if (!node.isObject()) {
      throw mismatch(path, schema, node);
    }
    Map<String, Object> entries = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String entryPath = path + "." + entry.getKey();
      if (entry.getValue().isNull() && !isNullable(schema.getValueType())) {
        throw mismatch(entryPath, schema.getValueType(), entry.getValue());
      }
      entries.put(entry.getKey(), value(entry.getValue(), schema.getValueType(), entryPath));
    }
    return entries;
  }

  private static Instant timestamp(JsonNode node, String path) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return Instant.ofEpochMilli(node.longValue());
    }
    if (node.isTextual()) {
      String text = node.textValue();
      // timestamp-millis holds milliseconds: finer fractions are dropped here, as Avro would.
      try {
        return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeParseException notUtc) {
        try {
          // Tolerate an explicit offset (+00:00, +02:00): the instant is still unambiguous.
          return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
          throw new EventJsonException(
              path,
              "expected an ISO-8601 UTC timestamp such as 2026-11-28T09:15:00Z or epoch milliseconds, got \""
                  + text
                  + "\"");
        }
      }
    }
    throw new EventJsonException(
        path, "expected an ISO-8601 UTC timestamp or epoch milliseconds, got " + describe(node));
  }

  static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.NULL
        || (schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
  }

  static Schema nonNullBranch(Schema union) {
    List<Schema> branches = union.getTypes();
    if (branches.size() != 2) {
      return null;
    }
    if (branches.get(0).getType() == Schema.Type.NULL) {
      return branches.get(1);
    }
    return branches.get(1).getType() == Schema.Type.NULL ? branches.get(0) : null;
  }

  private static EventJsonException mismatch(String path, Schema schema, JsonNode node) {
    return new EventJsonException(path, "expected " + expected(schema) + ", got " + describe(node));
  }

  private static String expected(Schema schema) {
    if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      return "a timestamp (ISO-8601 UTC or epoch milliseconds)";
    }
    switch (schema.getType()) {
      case UNION:
        Schema branch = nonNullBranch(schema);
        return branch == null ? "a union value" : expected(branch) + " or null";
      case RECORD:
        return "an object (" + schema.getName() + ")";
      case ENUM:
        return "one of " + schema.getEnumSymbols();
      case ARRAY:
        return "an array of " + expected(schema.getElementType());
      case MAP:
        return "an object of " + expected(schema.getValueType());
      case STRING:
        return "a string";
      case LONG:
      case INT:
        return "an integer";
      case DOUBLE:
        return "a number";
      case BOOLEAN:
        return "true or false";
      default:
        return schema.getType().getName();
    }
  }

  private static String describe(JsonNode node) {
    JsonNodeType type = node.getNodeType();
    switch (type) {
      case STRING:
        String text = node.textValue();
        return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
      case NUMBER:
        return "the number " + node.asText();
      case BOOLEAN:
        return node.asText();
      case NULL:
        return "null";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      default:
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
