package dev.vigil.events.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes Avro specific records as JSON by walking their schema. Null fields are left out (absent
 * means unknown in the contract, and it keeps simulator files small); timestamps are ISO-8601 UTC;
 * map keys are sorted, so output is canonical.
 */
final class AvroToJson {

  private AvroToJson() {}

  static void fields(SpecificRecord record, JsonGenerator out) throws IOException {
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (value == null) {
        continue;
      }
      out.writeFieldName(field.name());
      value(value, field.schema(), out);
    }
  }

  private static void value(Object value, Schema schema, JsonGenerator out) throws IOException {
    if (value == null) {
      out.writeNull();
      return;
    }
    if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      Instant instant =
          value instanceof Instant ? (Instant) value : Instant.ofEpochMilli((Long) value);
      out.writeString(instant.toString());
      return;
    }
    switch (schema.getType()) {
      case UNION:
        value(value, JsonToAvro.nonNullBranch(schema), out);
        return;
      case RECORD:
        out.writeStartObject();
        fields((SpecificRecord) value, out);
        out.writeEndObject();
        return;
      case ENUM:
        out.writeString(value.toString());
        return;
      case ARRAY:
        out.writeStartArray();
        for (Object item : (List<?>) value) {
          value(item, schema.getElementType(), out);
        }
        out.writeEndArray();
        return;
      case MAP:
        out.writeStartObject();
        // Keys in sorted order: the same record always gives the same bytes, whatever Map it holds
        // (Map.of iterates in an order that changes from one JVM run to the next).
        Map<String, Object> sorted = new TreeMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> sorted.put(k.toString(), v));
        for (Map.Entry<?, ?> entry : sorted.entrySet()) {
          out.writeFieldName(entry.getKey().toString());
          value(entry.getValue(), schema.getValueType(), out);
        }
        out.writeEndObject();
        return;
      case STRING:
        out.writeString(value.toString());
        return;
      case LONG:
        out.writeNumber((Long) value);
        return;
      case INT:
        out.writeNumber((Integer) value);
        return;
      case DOUBLE:
        out.writeNumber((Double) value);
        return;
      case BOOLEAN:
        out.writeBoolean((Boolean) value);
        return;
      default:
        throw new IllegalArgumentException(
            "schema type " + schema.getType() + " is not supported in JSON lines");
    }
  }
}
