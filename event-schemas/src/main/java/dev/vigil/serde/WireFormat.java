package dev.vigil.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing: magic byte {@code 0x00}, the schema's global id as 4 bytes big-endian, then
 * Avro binary.
 */
final class WireFormat {

  static final byte MAGIC_BYTE = 0x0;
  static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  static void writeHeader(ByteBuffer out, int schemaId) {
    out.put(MAGIC_BYTE).putInt(schemaId);
  }

  /**
   * The schema id of a framed payload, or a {@link SerializationException} saying why there is
   * none.
   */
  static int schemaId(String topic, byte[] payload) {
    if (payload.length < HEADER_LENGTH) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': truncated payload: "
              + payload.length
              + " byte(s), but the Confluent wire format needs at least "
              + HEADER_LENGTH
              + " (magic byte and 4-byte schema id)");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "topic '%s': wrong magic byte 0x%02x: not Confluent wire format (expected 0x00 followed by a 4-byte schema id)",
              topic, payload[0] & 0xff));
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }
}
