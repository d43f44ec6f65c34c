package dev.vigil.serde;

import dev.vigil.serde.registry.RegisteredSchema;
import dev.vigil.serde.registry.RegistryUnavailableException;
import dev.vigil.serde.registry.SchemaRegistryClient;
import dev.vigil.serde.registry.SchemaRegistryClients;
import dev.vigil.serde.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated {@link SpecificRecord}s or {@link
 * org.apache.avro.generic.GenericRecord}s) in Confluent's wire format, registering or looking up
 * their schema as Confluent's {@code KafkaAvroSerializer} does. A null record is written as null,
 * so deletes stay tombstones.
 *
 * <p>Thread-safe once configured; after the first record of each schema no registry call is made.
 */
public class ConfluentAvroSerializer<T> implements Serializer<T> {

  private record SchemaPair(Schema record, Schema target) {}

  private record WriterKey(Schema schema, Class<?> recordType) {}

  private SchemaRegistryClient registry;
  private ConfluentAvroSerdeConfig config;
  private boolean ownsRegistry;
  private boolean isKey;
  private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private final Map<SchemaPair, Boolean> checkedProjections = new ConcurrentHashMap<>();

  /** For Kafka to create by class name; {@link #configure} then builds the registry client. */
  public ConfluentAvroSerializer() {}

  /** Uses {@code registry} instead of building a client from the configuration's URLs. */
  public ConfluentAvroSerializer(SchemaRegistryClient registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = ConfluentAvroSerdeConfig.from(configs, isKey);
    this.isKey = isKey;
    if (registry == null) {
      registry = SchemaRegistryClients.create(configs);
      ownsRegistry = true;
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("ConfluentAvroSerializer used before configure()");
    }
    if (!(data instanceof GenericContainer)) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': cannot serialize "
              + data.getClass().getName()
              + ": not an Avro record (expected a SpecificRecord or GenericRecord)");
    }
    Schema schema = ((GenericContainer) data).getSchema();
    String subject = config.subjectNameStrategy().subject(topic, isKey, schema);
    int id;
    Schema target = schema;
    try {
      if (config.useLatestVersion()) {
        RegisteredSchema latest = registry.latest(subject);
        id = latest.id();
        target = latest.schema();
      } else if (config.autoRegisterSchemas()) {
        id = registry.register(subject, schema);
      } else {
        id = registry.lookup(subject, schema).id();
      }
    } catch (SchemaRegistryException e) {
      String failed =
          e instanceof RegistryUnavailableException
              ? "registry unreachable while resolving"
              : "cannot resolve";
      throw new SerializationException(
          "topic '"
              + topic
              + "': "
              + failed
              + " the schema id of "
              + schema.getFullName()
              + " for subject '"
              + subject
              + "': "
              + e.getMessage(),
          e);
    }
    try {
      Object toWrite = target.equals(schema) ? data : project(data, schema, target, subject);
      return frame(id, writerFor(target, toWrite), toWrite);
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': cannot write "
              + schema.getFullName()
              + " with schema id "
              + id
              + ": "
              + e,
          e);
    }
  }

  private static byte[] frame(int id, DatumWriter<Object> writer, Object record)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
    WireFormat.writeHeader(header, id);
    out.write(header.array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /**
   * With {@code use.latest.version} the subject's latest schema may differ from the record's own:
   * the record is carried over to it by Avro schema resolution, field by field and by name.
   */
  private Object project(Object record, Schema own, Schema latest, String subject)
      throws IOException {
    checkedProjections.computeIfAbsent(
        new SchemaPair(own, latest),
        pair -> {
          SchemaCompatibility.SchemaPairCompatibility verdict =
              SchemaCompatibility.checkReaderWriterCompatibility(latest, own);
          if (verdict.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException(
                "the latest schema of subject '"
                    + subject
                    + "' cannot represent a "
                    + own.getFullName()
                    + " record: "
                    + verdict.getResult().getIncompatibilities());
          }
          return Boolean.TRUE;
        });
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writerFor(own, record).write(record, encoder);
    encoder.flush();
    GenericDatumReader<Object> resolver =
        new GenericDatumReader<>(own, latest, AvroModels.GENERIC_WRITE);
    return resolver.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<Object> writerFor(Schema schema, Object record) {
    boolean specific = record instanceof SpecificRecord;
    WriterKey key = new WriterKey(schema, specific ? record.getClass() : GenericContainer.class);
    return writers.computeIfAbsent(
        key,
        k ->
            specific
                ? new SpecificDatumWriter<>(
                    schema,
                    AvroModels.specific((Class<? extends SpecificRecord>) record.getClass()))
                : new GenericDatumWriter<>(schema, AvroModels.GENERIC_WRITE));
  }

  @Override
  public void close() {
    if (ownsRegistry) {
      registry.close();
    }
  }
}
