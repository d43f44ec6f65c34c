package dev.vigil.serde;

import dev.vigil.serde.registry.RegistryUnavailableException;
import dev.vigil.serde.registry.SchemaNotFoundException;
import dev.vigil.serde.registry.SchemaRegistryClient;
import dev.vigil.serde.registry.SchemaRegistryClients;
import dev.vigil.serde.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro: fetches the writer's schema by the id in the payload and
 * resolves it against the reader's schema, so a record written with an older schema is read with
 * the current one. Reads generated classes when built for one ({@link
 * #ConfluentAvroDeserializer(Class)}) or when {@code specific.avro.reader=true} (the class named by
 * the writer schema), else {@link org.apache.avro.generic.GenericRecord}s. A null payload
 * (tombstone) is read as null.
 *
 * <p>Every payload that cannot be read raises a {@link SerializationException} naming the topic and
 * the cause: wrong magic byte, truncated payload, unknown schema id, unreachable registry, a writer
 * schema the reader cannot resolve.
 */
public class ConfluentAvroDeserializer<T> implements Deserializer<T> {

  private final Class<? extends SpecificRecord> readerType;
  private SchemaRegistryClient registry;
  private boolean ownsRegistry;
  private ConfluentAvroSerdeConfig config;
  private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

  /**
   * For Kafka to create by class name: reads generic records, or specific ones with {@code
   * specific.avro.reader}.
   */
  public ConfluentAvroDeserializer() {
    this.readerType = null;
  }

  /** Reads {@code readerType}, whatever compatible schema the record was written with. */
  public ConfluentAvroDeserializer(Class<? extends SpecificRecord> readerType) {
    this.readerType = Objects.requireNonNull(readerType, "readerType");
  }

  /**
   * As {@link #ConfluentAvroDeserializer(Class)}, with {@code registry} instead of one built from
   * the configuration; a null {@code readerType} reads as the no-argument constructor does.
   */
  public ConfluentAvroDeserializer(
      Class<? extends SpecificRecord> readerType, SchemaRegistryClient registry) {
    this.readerType = readerType;
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = ConfluentAvroSerdeConfig.from(configs, isKey);
    if (registry == null) {
      registry = SchemaRegistryClients.create(configs);
      ownsRegistry = true;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("ConfluentAvroDeserializer used before configure()");
    }
    int id = WireFormat.schemaId(topic, data);
    DatumReader<Object> reader = readerFor(topic, id);
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, null);
    Object record;
    try {
      record = reader.read(null, decoder);
    } catch (EOFException e) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': truncated payload: "
              + data.length
              + " bytes end before the record written with schema id "
              + id
              + " is complete",
          e);
    } catch (IOException
        | AvroRuntimeException
        | IndexOutOfBoundsException
        | NegativeArraySizeException
        // Avro's answer to a length or count beyond 2^31 - 9 ("Cannot read strings longer than").
        | UnsupportedOperationException e) {
      throw new SerializationException(
          "topic '" + topic + "': malformed Avro payload for schema id " + id + ": " + e, e);
    }
    int trailing = remaining(decoder);
    if (trailing > 0) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': "
              + trailing
              + " unexpected byte(s) after the record written with schema id "
              + id
              + ": the payload does not match its schema");
    }
    return (T) record;
  }

  private DatumReader<Object> readerFor(String topic, int id) {
    DatumReader<Object> reader = readers.get(id);
    if (reader == null) {
      reader = newReader(topic, id, writerSchema(topic, id));
      readers.put(id, reader);
    }
    return reader;
  }

  private Schema writerSchema(String topic, int id) {
    try {
      return registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      String failed =
          e instanceof SchemaNotFoundException
              ? "unknown schema id " + id + ": the registry has no such schema"
              : e instanceof RegistryUnavailableException
                  ? "registry unreachable while fetching schema id " + id
                  : "cannot fetch schema id " + id;
      throw new SerializationException(
          "topic '" + topic + "': " + failed + ": " + e.getMessage(), e);
    }
  }

  private DatumReader<Object> newReader(String topic, int id, Schema writer) {
    Class<? extends SpecificRecord> type = readerType;
    if (type == null && config.specificAvroReader()) {
      type = generatedClass(topic, id, writer);
    }
    if (type == null) {
      return new GenericDatumReader<>(writer, writer, AvroModels.GENERIC_READ);
    }
    SpecificData model = AvroModels.specific(type);
    Schema reader = model.getSchema(type);
    SchemaCompatibility.SchemaPairCompatibility verdict =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (verdict.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': schema id "
              + id
              + " ("
              + writer.getFullName()
              + ") cannot be read as "
              + type.getName()
              + ": "
              + verdict.getResult().getIncompatibilities());
    }
    TrustedReaderClasses.trustTypesOf(reader);
    return new SpecificDatumReader<>(writer, reader, model);
  }

  /**
   * The generated class the writer schema names. Only a {@link SpecificRecord} is accepted, so a
   * writer schema cannot make the reader instantiate an arbitrary class.
   */
  private static Class<? extends SpecificRecord> generatedClass(
      String topic, int id, Schema writer) {
    if (writer.getType() != Schema.Type.RECORD) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': specific.avro.reader is set but schema id "
              + id
              + " is a "
              + writer.getType()
              + ", not a record");
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class<?> generated =
          Class.forName(
              writer.getFullName(),
              false,
              loader != null ? loader : ConfluentAvroDeserializer.class.getClassLoader());
      if (!SpecificRecord.class.isAssignableFrom(generated)) {
        throw new SerializationException(
            "topic '"
                + topic
                + "': specific.avro.reader is set but "
                + generated.getName()
                + " (schema id "
                + id
                + ") is not a generated Avro record class");
      }
      return generated.asSubclass(SpecificRecord.class);
    } catch (ClassNotFoundException e) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': specific.avro.reader is set but no generated class "
              + writer.getFullName()
              + " (schema id "
              + id
              + ") is on the classpath",
          e);
    }
  }

  private static int remaining(BinaryDecoder decoder) {
    try {
      int count = 0;
      while (!decoder.isEnd()) {
        decoder.skipFixed(1);
        count++;
      }
      return count;
    } catch (IOException e) {
      throw new SerializationException("cannot inspect the end of the payload: " + e, e);
    }
  }

  @Override
  public void close() {
    if (ownsRegistry) {
      registry.close();
    }
  }
}
