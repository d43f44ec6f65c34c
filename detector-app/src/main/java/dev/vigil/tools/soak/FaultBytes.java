package dev.vigil.tools.soak;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The bytes of each poison fault, made from one valid wire-format event of the soak. */
final class FaultBytes {

  private FaultBytes() {}

  /**
   * @param framed a valid event in the Confluent wire format (magic 0, 4-byte schema id, Avro)
   * @throws IllegalArgumentException for a fault that is not poison (a skewed event is a valid one)
   */
  static byte[] of(Fault fault, byte[] framed) {
    return switch (fault) {
      case WRONG_MAGIC_BYTE -> {
        byte[] copy = Arrays.copyOf(framed, framed.length);
        copy[0] = 1;
        yield copy;
      }
      case UNKNOWN_SCHEMA_ID -> {
        byte[] copy = Arrays.copyOf(framed, framed.length);
        ByteBuffer.wrap(copy, 1, 4).putInt(Fault.UNKNOWN_SCHEMA);
        yield copy;
      }
      case MALFORMED_AVRO -> {
        // A varint that never ends, where the record's first string length should be.
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f, 0x01};
        yield ByteBuffer.allocate(5 + garbage.length).put(framed, 0, 5).put(garbage).array();
      }
      case NOT_WIRE_FORMAT ->
          "{\"event_type\":\"token_use\",\"identity_id\":\"svc-soak\"}"
              .getBytes(StandardCharsets.UTF_8);
      case TRUNCATED -> new byte[] {0, 0};
      case HOURS_AHEAD, DAYS_BEHIND, DAYS_AHEAD ->
          throw new IllegalArgumentException(fault + " is a valid event, not poison");
    };
  }
}
