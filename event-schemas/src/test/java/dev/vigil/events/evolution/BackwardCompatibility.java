package dev.vigil.events.evolution;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Avro's own backward-compatibility verdict (a reader with the new schema reads data written with
 * the old one), told in terms of fields: each problem names the field path it is about, e.g. {@code
 * source.country}, besides Avro's JSON-pointer location.
 */
public final class BackwardCompatibility {

  private BackwardCompatibility() {}

  /**
   * The problems that keep {@code current} from reading {@code released} data; empty when it can.
   */
  public static List<String> problems(Schema current, Schema released) {
    SchemaCompatibility.SchemaPairCompatibility verdict =
        SchemaCompatibility.checkReaderWriterCompatibility(current, released);
    List<String> problems = new ArrayList<>();
    for (Incompatibility incompatibility : verdict.getResult().getIncompatibilities()) {
      problems.add(describe(current, released, incompatibility));
    }
    return problems;
  }

  private static String describe(Schema current, Schema released, Incompatibility incompatibility) {
    String location = incompatibility.getLocation();
    String field = fieldPath(current, released, location, incompatibility);
    return (field.isEmpty() ? "the record itself" : "field '" + field + "'")
        + " ("
        + location
        + "): "
        + incompatibility.getType()
        + ": "
        + incompatibility.getMessage();
  }

  /**
   * Walks the JSON pointer Avro reports ({@code /fields/3/type/fields/1/type}) through the schemas,
   * collecting field names. Field positions in the pointer are the reader's (current) positions,
   * except where the reader lacks the field, so both schemas are consulted.
   */
  private static String fieldPath(
      Schema current, Schema released, String location, Incompatibility incompatibility) {
    List<String> names = new ArrayList<>();
    Schema reader = current;
    Schema writer = released;
    String[] tokens = location.split("/");
    for (int i = 1; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.equals("fields")
          && i + 1 < tokens.length
          && reader != null
          && reader.getType() == Schema.Type.RECORD) {
        int position = Integer.parseInt(tokens[++i]);
        Schema.Field field =
            position < reader.getFields().size() ? reader.getFields().get(position) : null;
        if (field == null) {
          break;
        }
        names.add(field.name());
        Schema.Field writerField =
            writer != null && writer.getType() == Schema.Type.RECORD
                ? writer.getField(field.name())
                : null;
        reader = field.schema();
        writer = writerField != null ? writerField.schema() : null;
      } else if (token.equals("items") && reader != null && reader.getType() == Schema.Type.ARRAY) {
        reader = reader.getElementType();
        writer =
            writer != null && writer.getType() == Schema.Type.ARRAY
                ? writer.getElementType()
                : null;
      } else if (token.equals("values") && reader != null && reader.getType() == Schema.Type.MAP) {
        reader = reader.getValueType();
        writer =
            writer != null && writer.getType() == Schema.Type.MAP ? writer.getValueType() : null;
      } else if (token.matches("\\d+") && reader != null && reader.getType() == Schema.Type.UNION) {
        int branch = Integer.parseInt(token);
        reader = branch < reader.getTypes().size() ? reader.getTypes().get(branch) : null;
        writer = null;
      }
    }
    return String.join(".", names);
  }
}
