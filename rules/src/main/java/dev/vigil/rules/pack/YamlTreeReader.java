package dev.vigil.rules.pack;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.vigil.rules.pack.YamlNode.Entry;
import dev.vigil.rules.pack.YamlNode.Mapping;
import dev.vigil.rules.pack.YamlNode.Mark;
import dev.vigil.rules.pack.YamlNode.Scalar;
import dev.vigil.rules.pack.YamlNode.Sequence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree through Jackson's streaming parser, keeping each
 * token's location. Duplicate keys (which YAML forbids but the parser passes through) and syntax
 * errors become problems.
 */
final class YamlTreeReader {

  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private YamlTreeReader() {}

  /** The document's root, or null when there is none or it cannot be parsed (problems say why). */
  static YamlNode read(String yaml, Problems problems) {
    try (JsonParser parser = FACTORY.createParser(yaml)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(new Mark(1, 1), "", "the pack is empty");
        return null;
      }
      YamlNode root = readValue(parser, "", problems);
      if (parser.nextToken() != null) {
        problems.add(
            mark(parser.currentTokenLocation()),
            "",
            "a pack is one YAML document; found a second one");
      }
      return root;
    } catch (JsonProcessingException e) {
      problems.add(syntaxErrorMark(e), "", "YAML syntax error: " + syntaxErrorText(e));
      return null;
    } catch (IOException e) {
      problems.add(new Mark(1, 1), "", "cannot read YAML: " + e.getMessage());
      return null;
    }
  }

  private static YamlNode readValue(JsonParser parser, String path, Problems problems)
      throws IOException {
    Mark mark = mark(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return readMapping(parser, path, mark, problems);
      case START_ARRAY:
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(parser, path + "[" + items.size() + "]", problems));
        }
        return new Sequence(mark, List.copyOf(items));
      case VALUE_STRING:
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          // Jackson hands an alias over as its anchor's name, which would read as a wrong value.
          problems.add(
              mark,
              path,
              "YAML aliases (*"
                  + parser.getText()
                  + ") are not supported in rule packs; "
                  + "write the value out");
          return new Scalar(mark, null, "");
        }
        // An empty value ("enabled:" with nothing after it) means nothing, not an empty name.
        String text = parser.getText();
        return text.isEmpty() ? new Scalar(mark, null, "") : new Scalar(mark, text, text);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new Scalar(mark, parser.getNumberValue(), parser.getText());
      case VALUE_TRUE:
        return new Scalar(mark, Boolean.TRUE, parser.getText());
      case VALUE_FALSE:
        return new Scalar(mark, Boolean.FALSE, parser.getText());
      case VALUE_NULL:
        return new Scalar(mark, null, "null");
      default:
        // Embedded binary (!!binary) and the like: no pack key takes them.
        return new Scalar(mark, parser.getText(), String.valueOf(parser.getText()));
    }
  }

  private static Mapping readMapping(JsonParser parser, String path, Mark mark, Problems problems)
      throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Mark keyMark = mark(parser.currentTokenLocation());
      String childPath = path.isEmpty() ? key : path + "." + key;
      parser.nextToken();
      YamlNode value = readValue(parser, childPath, problems);
      Entry earlier = entries.get(key);
      if (earlier != null) {
        problems.add(
            keyMark,
            childPath,
            "duplicate key; it is already set at line " + earlier.keyMark().line());
      } else {
        entries.put(key, new Entry(key, keyMark, value));
      }
    }
    return new Mapping(mark, entries);
  }

  private static Mark mark(JsonLocation location) {
    return new Mark(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }

  /**
   * SnakeYAML reports a syntax error with a context ("while parsing a block mapping", where that
   * began) and the problem itself ("expected <block end>, but found '-'", where it was found); the
   * problem and its place are what a reader needs.
   */
  private static Mark syntaxErrorMark(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
      return new Mark(y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1);
    }
    JsonLocation at = e.getLocation();
    return at == null ? new Mark(1, 1) : mark(at);
  }

  private static String syntaxErrorText(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException y && y.getProblem() != null) {
      String context =
          y.getContext() == null
              ? ""
              : " ("
                  + y.getContext().strip()
                  + (y.getContextMark() == null
                      ? ""
                      : " that starts at line " + (y.getContextMark().getLine() + 1))
                  + ")";
      return y.getProblem().strip() + context;
    }
    return firstLine(e.getOriginalMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String trimmed = message.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
  }
}
