package dev.vigil.events.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON-lines form of the event contract: one object per line with the Avro field names, plus
 * {@code event_type} ("auth" or "token_use") on events. Conversion is driven by the Avro schemas,
 * so fields added to the contract need no change here. Thread-safe.
 */
public final class EventJson {

  /** Value of {@code event_type} for {@link AuthEvent}. */
  public static final String AUTH = "auth";

  /** Value of {@code event_type} for {@link TokenUseEvent}. */
  public static final String TOKEN_USE = "token_use";

  /** The discriminator field the JSON-lines form adds to events. */
  public static final String EVENT_TYPE = "event_type";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFactory FACTORY =
      MAPPER.getFactory().copy().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  private static final JsonToAvro READER = new JsonToAvro(EventJson.class.getClassLoader(), MAPPER);

  private EventJson() {}

  /**
   * Reads an {@link AuthEvent} or {@link TokenUseEvent}, chosen by the line's {@code event_type}.
   */
  public static SpecificRecord parseEvent(String line) {
    JsonNode node = tree(line);
    JsonNode type = node.get(EVENT_TYPE);
    if (type == null || type.isNull()) {
      throw new EventJsonException(EVENT_TYPE, "required, expected \"auth\" or \"token_use\"");
    }
    if (AUTH.equals(type.asText()) && type.isTextual()) {
      return READER.record(node, AuthEvent.getClassSchema(), "");
    }
    if (TOKEN_USE.equals(type.asText()) && type.isTextual()) {
      return READER.record(node, TokenUseEvent.getClassSchema(), "");
    }
    throw new EventJsonException(EVENT_TYPE, "expected \"auth\" or \"token_use\", got " + type);
  }

  /**
   * Reads one line as the given record type (events, {@code Alert}, {@code RevocationCommand}). An
   * {@code event_type} that names a different event type is rejected; otherwise it is ignored.
   */
  public static <T extends SpecificRecord> T parse(String line, Class<T> type) {
    JsonNode node = tree(line);
    String declared = eventType(type);
    JsonNode given = node.get(EVENT_TYPE);
    if (declared != null && given != null && !given.isNull() && !declared.equals(given.asText())) {
      throw new EventJsonException(
          EVENT_TYPE,
          "expected \"" + declared + "\" for " + type.getSimpleName() + ", got " + given);
    }
    Schema schema = schemaOf(type);
    return type.cast(READER.record(node, schema, ""));
  }

  /** Writes one record as a single JSON line (no trailing newline). */
  public static String write(SpecificRecord record) {
    StringWriter text = new StringWriter(512);
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      write(record, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + record.getSchema().getName() + " as JSON", e);
    }
    return text.toString();
  }

  /**
   * Writes one record as a JSON line, UTF-8, followed by a newline, straight into {@code out}
   * (which stays open): what {@link #write(SpecificRecord)} gives, without the intermediate string,
   * for files of millions of lines.
   */
  public static void writeLine(SpecificRecord record, OutputStream out) throws IOException {
    try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      write(record, generator);
      generator.writeRaw('\n');
    }
  }

  private static void write(SpecificRecord record, JsonGenerator out) throws IOException {
    out.writeStartObject();
    String eventType = eventType(record.getClass());
    if (eventType != null) {
      out.writeStringField(EVENT_TYPE, eventType);
    }
    AvroToJson.fields(record, out);
    out.writeEndObject();
  }

  private static Schema schemaOf(Class<? extends SpecificRecord> type) {
    try {
      return type.getDeclaredConstructor().newInstance().getSchema();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          type.getName() + " is not a generated Avro record class", e);
    }
  }

  private static String eventType(Class<?> type) {
    if (AuthEvent.class.equals(type)) {
      return AUTH;
    }
    return TokenUseEvent.class.equals(type) ? TOKEN_USE : null;
  }

  private static JsonNode tree(String line) {
    if (line == null || line.isBlank()) {
      throw new EventJsonException("", "empty line: expected one JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new EventJsonException("", "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!node.isObject()) {
      throw new EventJsonException(
          "",
          "expected one JSON object per line, got "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return node;
  }
}
