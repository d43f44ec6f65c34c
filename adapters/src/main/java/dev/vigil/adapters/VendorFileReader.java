package dev.vigil.adapters;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.SecretShapes;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads the records of a vendor log file, whatever shape the vendor or the shipper wrote it in,
 * without loading a large file into memory:
 *
 * <ul>
 *   <li>a JSON array of records (Stratus Red Team and CloudTrail console downloads, an Okta {@code
 *       /api/v1/logs} page), streamed element by element;
 *   <li>JSON objects with the records in a container array: {@code {"Records":[…]}} (CloudTrail's
 *       S3 files, one huge line), {@code {"records":[…]}} (Azure diagnostic exports, Event Hubs),
 *       {@code {"logEvents":[…]}} (CloudWatch Logs subscriptions), {@code {"value":[…]}} (Microsoft
 *       Graph pages), one or several in a file, pretty-printed or not, streamed element by element;
 *   <li>JSON lines (Kubernetes and Vault audit logs, Fluent Bit, Vector, Kafka Connect file sinks),
 *       read line by line, where a line may itself be a record, an array page, or a container; a
 *       line that is not JSON is reported and reading goes on with the next line;
 *   <li>any of these gzip-compressed (CloudTrail's {@code .json.gz}).
 * </ul>
 *
 * Records come out as {@link VendorRecord}s in file order. Not thread-safe; close it when done.
 */
public final class VendorFileReader implements Iterator<VendorRecord>, Closeable {

  /** How the file was laid out. */
  public enum Shape {
    /** One top-level JSON array (or several), streamed. */
    JSON_ARRAY,
    /** One JSON value per line. */
    JSON_LINES,
    /** Top-level JSON objects, pretty-printed or holding a container array, streamed. */
    JSON_DOCUMENTS,
    /** Nothing but whitespace. */
    EMPTY
  }

  private static final Set<String> CONTAINERS = Set.of("Records", "records", "logEvents", "value");
  private static final int PEEK_LIMIT = 1 << 20;
  private static final int BUFFER = 1 << 16;
  private static final int MAX_ERROR_TEXT = 160;

  private final Shape shape;
  private final InputStream in;
  private final Streamed streamed;
  private final Lines lines;
  private VendorRecord next;
  private long ordinal;
  private boolean done;

  private VendorFileReader(Shape shape, InputStream in) throws IOException {
    this.shape = shape;
    this.in = in;
    this.streamed =
        shape == Shape.JSON_ARRAY || shape == Shape.JSON_DOCUMENTS ? new Streamed(in) : null;
    this.lines =
        shape == Shape.JSON_LINES
            ? new Lines(
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER))
            : null;
    this.done = shape == Shape.EMPTY;
  }

  public static VendorFileReader open(Path file) throws IOException {
    return open(Files.newInputStream(file));
  }

  public static VendorFileReader open(byte[] content) throws IOException {
    return open(new ByteArrayInputStream(content));
  }

  /** Reads {@code input} (gzip or not), which the reader owns and closes. */
  public static VendorFileReader open(InputStream input) throws IOException {
    BufferedInputStream in = new BufferedInputStream(input, BUFFER);
    try {
      in.mark(2);
      int b1 = in.read();
      int b2 = in.read();
      in.reset();
      if (b1 == 0x1f && b2 == 0x8b) {
        in = new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
      }
      skipBom(in);
      in.mark(PEEK_LIMIT + 1);
      byte[] head = in.readNBytes(PEEK_LIMIT);
      in.reset();
      return new VendorFileReader(detect(head), in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  public Shape shape() {
    return shape;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        next = streamed != null ? streamed.next() : lines.next();
      } catch (IOException e) {
        throw new UncheckedIOException("reading vendor file", e);
      }
      if (next == null) {
        done = true;
      }
    }
    return next != null;
  }

  @Override
  public VendorRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    VendorRecord record = next;
    next = null;
    return record;
  }

  @Override
  public void close() throws IOException {
    done = true;
    if (streamed != null) {
      streamed.parser.close();
    }
    in.close();
  }

  private VendorRecord record(String location, JsonNode json) {
    return new VendorRecord(++ordinal, location, json, null);
  }

  private VendorRecord error(String location, String message) {
    String text = SecretShapes.scrub(message == null ? "unreadable" : message);
    if (text.length() > MAX_ERROR_TEXT) {
      text = text.substring(0, MAX_ERROR_TEXT) + "…";
    }
    return new VendorRecord(++ordinal, location, null, text);
  }

  private static Shape detect(byte[] head) {
    int start = 0;
    while (start < head.length && isBlank(head[start])) {
      start++;
    }
    if (start == head.length) {
      return head.length < PEEK_LIMIT ? Shape.EMPTY : Shape.JSON_LINES;
    }
    if (head[start] == '[') {
      return Shape.JSON_ARRAY;
    }
    if (head[start] != '{') {
      return Shape.JSON_LINES; // not JSON at all: lines mode reports each bad line and goes on
    }
    int newline = start;
    while (newline < head.length && head[newline] != '\n') {
      newline++;
    }
    if (newline == head.length) {
      return Shape.JSON_DOCUMENTS; // one long line or more than the peek: stream it
    }
    // One line per record only if the first line is a whole record by itself; a container or a
    // pretty-printed object is streamed instead.
    try {
      JsonNode first = Json.MAPPER.readTree(head, start, newline - start);
      return first != null && first.isObject() && !isContainer(first)
          ? Shape.JSON_LINES
          : Shape.JSON_DOCUMENTS;
    } catch (IOException e) {
      return Shape.JSON_DOCUMENTS;
    }
  }

  /**
   * Where the JSON broke, never what was there: the parser's own message quotes the offending text,
   * which in a credential log can be a token.
   */
  private static String notJson(JsonProcessingException e) {
    var where = e.getLocation();
    return where == null
        ? "not valid JSON"
        : "not valid JSON at line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  private static boolean isContainer(JsonNode node) {
    for (String field : CONTAINERS) {
      JsonNode items = node.get(field);
      if (items != null && items.isArray() && (items.isEmpty() || items.get(0).isObject())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static void skipBom(BufferedInputStream in) throws IOException {
    in.mark(3);
    byte[] bom = in.readNBytes(3);
    if (bom.length < 3
        || (bom[0] & 0xff) != 0xef
        || (bom[1] & 0xff) != 0xbb
        || (bom[2] & 0xff) != 0xbf) {
      in.reset();
    }
  }

  /** Streams top-level arrays and objects, descending into container arrays. */
  private final class Streamed {

    private final JsonParser parser;
    // Where the parser is: at the top level, inside a top-level array (and a page nested in it),
    // scanning a top-level object's fields, or inside one of its container arrays.
    private int arrayDepth;
    private ObjectNode object;
    private boolean objectHadContainer;
    private String container;
    private long element;
    // The first record of a container, read while deciding that the array is a container.
    private VendorRecord pending;

    Streamed(InputStream in) throws IOException {
      this.parser = Json.MAPPER.createParser(in);
    }

    VendorRecord next() throws IOException {
      try {
        return advance();
      } catch (JsonProcessingException e) {
        // A syntax error inside a stream cannot be resynchronised: report it and stop.
        done = true;
        return error("offset " + e.getLocation().getByteOffset(), notJson(e));
      }
    }

    private VendorRecord advance() throws IOException {
      while (true) {
        if (pending != null) {
          VendorRecord first = pending;
          pending = null;
          return first;
        }
        JsonToken token = parser.nextToken();
        if (token == null) {
          return null;
        }
        if (container != null) {
          if (token == JsonToken.END_ARRAY) {
            container = null;
          } else if (token == JsonToken.START_OBJECT) {
            return record(container + "[" + element++ + "]", Json.MAPPER.readTree(parser));
          } else {
            parser.skipChildren();
            return error(container + "[" + element++ + "]", "not a JSON object");
          }
        } else if (object != null) {
          if (token == JsonToken.END_OBJECT) {
            ObjectNode finished = object;
            object = null;
            if (!objectHadContainer) {
              return record("object " + (ordinal + 1), finished);
            }
          } else {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_ARRAY && CONTAINERS.contains(name)) {
              enterContainer(name);
            } else {
              object.set(name, Json.MAPPER.readTree(parser));
            }
          }
        } else if (arrayDepth > 0) {
          if (token == JsonToken.END_ARRAY) {
            arrayDepth--;
          } else if (token == JsonToken.START_ARRAY && arrayDepth == 1) {
            arrayDepth++; // a page of records inside the array (Okta pages saved together)
          } else if (token == JsonToken.START_OBJECT) {
            return record("element " + ++element, Json.MAPPER.readTree(parser));
          } else {
            parser.skipChildren();
            return error("element " + ++element, "not a JSON object");
          }
        } else if (token == JsonToken.START_ARRAY) {
          arrayDepth = 1;
        } else if (token == JsonToken.START_OBJECT) {
          object = Json.MAPPER.createObjectNode();
          objectHadContainer = false;
        } else {
          parser.skipChildren();
          return error("offset " + parser.currentLocation().getByteOffset(), "not a JSON object");
        }
      }
    }

    /**
     * At the first token inside an array under a container name: a container holds objects (or
     * nothing); an array of anything else is an ordinary field of the object, read whole.
     */
    private void enterContainer(String name) throws IOException {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.END_ARRAY) {
        objectHadContainer = true;
        return;
      }
      if (first == JsonToken.START_OBJECT) {
        objectHadContainer = true;
        container = name;
        element = 0;
        JsonNode record = Json.MAPPER.readTree(parser);
        pending = record(name + "[" + element++ + "]", record);
        return;
      }
      ArrayNode items = Json.MAPPER.createArrayNode();
      items.add((JsonNode) Json.MAPPER.readTree(parser));
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add((JsonNode) Json.MAPPER.readTree(parser));
      }
      object.set(name, items);
    }
  }

  /** Reads one JSON value per line; a line may hold a record, a page (array) or a container. */
  private final class Lines {

    private final BufferedReader reader;
    private final Deque<VendorRecord> queued = new ArrayDeque<>();
    private long lineNumber;

    Lines(BufferedReader reader) {
      this.reader = reader;
    }

    VendorRecord next() throws IOException {
      while (queued.isEmpty()) {
        String line = reader.readLine();
        if (line == null) {
          return null;
        }
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String location = "line " + lineNumber;
        JsonNode node;
        try {
          node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          return error(location, notJson(e));
        }
        if (node.isObject() && !isContainer(node)) {
          return record(location, node);
        }
        if (node.isArray()) {
          queueItems(location, node);
        } else if (node.isObject()) {
          for (String field : CONTAINERS) {
            JsonNode items = node.get(field);
            if (items != null && items.isArray()) {
              queueItems(location + " " + field, items);
            }
          }
        } else {
          return error(location, "not a JSON object");
        }
      }
      return queued.poll();
    }

    private void queueItems(String location, JsonNode items) {
      int index = 0;
      for (JsonNode item : items) {
        if (item.isArray()) {
          queueItems(location + "[" + index + "]", item);
        } else if (item.isObject()) {
          queued.add(record(location + "[" + index + "]", item));
        } else {
          queued.add(error(location + "[" + index + "]", "not a JSON object"));
        }
        index++;
      }
    }
  }
}
