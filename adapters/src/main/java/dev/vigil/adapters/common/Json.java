package dev.vigil.adapters.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** Null-safe reading of vendor JSON: absent, null and blank all read as "unknown". */
public final class Json {

  /** The mapper every adapter and reader shares (thread-safe once configured). */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              // Vendor files can hold very long strings (policies, user data); allow them but bound
              // nesting so a hostile record cannot exhaust the stack.
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxStringLength(64 * 1024 * 1024)
                      .maxNestingDepth(200)
                      .build())
              .build());

  private Json() {}

  /** The node at {@code path} below {@code node}, or a missing node; never null. */
  public static JsonNode at(JsonNode node, String... path) {
    JsonNode current = node == null ? MissingNode.getInstance() : node;
    for (String name : path) {
      current = current.path(name);
    }
    return current;
  }

  /** The text at {@code path}: strings as they are, numbers and booleans as text, else null. */
  public static String text(JsonNode node, String... path) {
    return text(at(node, path));
  }

  /** The node's text if it is a non-blank string, number or boolean; null otherwise. */
  public static String text(JsonNode value) {
    if (value == null || !value.isValueNode() || value.isNull()) {
      return null;
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }

  /** Like {@link #text(JsonNode, String...)} but a missing value makes the record unmappable. */
  public static String required(JsonNode node, String... path) {
    String value = text(node, path);
    if (value == null) {
      throw MappingException.missing(String.join(".", path));
    }
    return value;
  }

  /** The object at {@code path}, or unmappable naming the path when absent or not an object. */
  public static JsonNode requiredObject(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    if (value.isMissingNode() || value.isNull()) {
      throw MappingException.missing(String.join(".", path));
    }
    if (!value.isObject()) {
      throw MappingException.invalid(String.join(".", path));
    }
    return value;
  }

  /** A long at {@code path} (number or numeric string), or null. */
  public static Long longValue(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    if (value.isIntegralNumber()) {
      return value.longValue();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.textValue().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** True only for a JSON {@code true} or the string {@code "true"} (any case). */
  public static boolean isTrue(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText());
  }

  /**
   * Strings at {@code path}: an array's non-blank items, or a string split on commas and blanks
   * (vendors write scope lists both ways).
   */
  public static List<String> strings(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    List<String> out = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        String text = text(item);
        if (text != null) {
          out.add(text.trim());
        }
      }
    } else {
      String text = text(value);
      if (text != null) {
        for (String part : text.split("[,\\s]+")) {
          if (!part.isEmpty()) {
            out.add(part);
          }
        }
      }
    }
    return out;
  }

  /** The first non-blank string of an array (or the string itself), or null. */
  public static String first(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    if (value.isArray()) {
      for (JsonNode item : value) {
        String text = text(item);
        if (text != null) {
          return text;
        }
      }
      return null;
    }
    return text(value);
  }

  /** Parses text that should hold one JSON value; null when it does not. */
  public static JsonNode parseOrNull(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
