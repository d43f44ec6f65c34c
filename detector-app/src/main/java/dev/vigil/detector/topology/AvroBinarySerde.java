package dev.vigil.detector.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary of one generated record class, no registry and no schema id: for Vigil's own
 * internal topics, which only this build writes and reads, and for tools that run the topology
 * without a registry.
 */
public final class AvroBinarySerde<T extends SpecificRecord> implements Serde<T> {

  private final Class<T> type;
  // Built once: resolving a schema per record costs more than the record. Both are thread-safe.
  private final SpecificDatumWriter<T> writer;
  private final SpecificDatumReader<T> reader;

  public AvroBinarySerde(Class<T> type) {
    TrustedAvroClasses.register();
    this.type = type;
    this.writer = new SpecificDatumWriter<>(type);
    this.reader = new SpecificDatumReader<>(type);
  }

  /** Writes one record as Avro binary. */
  public byte[] write(T record) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
      writer.write(record, encoder);
      encoder.flush();
      return bytes.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot write " + type.getSimpleName() + " as Avro", e);
    }
  }

  /** Reads one record from {@code length} bytes at {@code offset}. */
  public T read(byte[] data, int offset, int length) {
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, length, null);
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot read " + type.getSimpleName() + " from Avro", e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, record) -> record == null ? null : write(record);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> data == null ? null : read(data, 0, data.length);
  }
}
