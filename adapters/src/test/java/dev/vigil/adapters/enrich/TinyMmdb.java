package dev.vigil.adapters.enrich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tiny IPv4 MaxMind DB file for tests, following the published "MaxMind DB File Format
 * Specification" (2.0): a binary search tree of 24-bit records, a 16-byte separator, the data
 * section, and the metadata map after the {@code \xAB\xCD\xEFMaxMind.com} marker. Supports what the
 * tests need: maps, UTF-8 strings, uint16/32/64, arrays and booleans; no pointers.
 */
final class TinyMmdb {

  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };
  private static final long EMPTY = -1;

  private final String databaseType;
  private final List<long[]> nodes = new ArrayList<>();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  TinyMmdb(String databaseType) {
    this.databaseType = databaseType;
    nodes.add(new long[] {EMPTY, EMPTY});
  }

  /** Maps {@code cidr} (e.g. {@code 203.0.113.0/24}) to {@code record}. */
  TinyMmdb network(String cidr, Map<String, Object> record) {
    String[] parts = cidr.split("/");
    String[] octets = parts[0].split("\\.");
    int bits = Integer.parseInt(parts[1]);
    long address = 0;
    for (String octet : octets) {
      address = (address << 8) | Integer.parseInt(octet);
    }
    int offset = data.size();
    encode(record, data);
    int node = 0;
    for (int i = 0; i < bits; i++) {
      int bit = (int) ((address >>> (31 - i)) & 1);
      if (i == bits - 1) {
        nodes.get(node)[bit] = -2L - offset; // data record
      } else {
        long next = nodes.get(node)[bit];
        if (next < 0) {
          nodes.add(new long[] {EMPTY, EMPTY});
          next = nodes.size() - 1;
          nodes.get(node)[bit] = next;
        }
        node = (int) next;
      }
    }
    return this;
  }

  Path writeTo(Path file) {
    long nodeCount = nodes.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long[] node : nodes) {
      for (long record : node) {
        long value =
            record == EMPTY ? nodeCount : record >= 0 ? record : nodeCount + 16 + (-record - 2);
        out.write((int) (value >>> 16) & 0xff);
        out.write((int) (value >>> 8) & 0xff);
        out.write((int) value & 0xff);
      }
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("binary_format_major_version", 2);
    metadata.put("binary_format_minor_version", 0);
    metadata.put("build_epoch", new Uint64(1_733_000_000L));
    metadata.put("database_type", databaseType);
    metadata.put("description", Map.of("en", "Vigil test database"));
    metadata.put("ip_version", 4);
    metadata.put("languages", List.of("en"));
    metadata.put("node_count", nodeCount);
    metadata.put("record_size", 24);
    encode(metadata, out);
    try {
      Files.write(file, out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void encode(Object value, ByteArrayOutputStream out) {
    if (value instanceof String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      control(2, bytes.length, out);
      out.writeBytes(bytes);
    } else if (value instanceof Map<?, ?> map) {
      control(7, map.size(), out);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        encode(entry.getKey().toString(), out);
        encode(entry.getValue(), out);
      }
    } else if (value instanceof Integer i) {
      byte[] bytes = unsigned(i);
      control(5, bytes.length, out); // uint16
      out.writeBytes(bytes);
    } else if (value instanceof Long l) {
      byte[] bytes = unsigned(l);
      control(l <= 0xFFFFFFFFL ? 6 : 9, bytes.length, out); // uint32 or uint64
      out.writeBytes(bytes);
    } else if (value instanceof Uint64 u) {
      byte[] bytes = unsigned(u.value());
      control(9, bytes.length, out);
      out.writeBytes(bytes);
    } else if (value instanceof List<?> list) {
      control(11, list.size(), out);
      for (Object item : list) {
        encode(item, out);
      }
    } else if (value instanceof Boolean b) {
      control(14, b ? 1 : 0, out);
    } else {
      throw new IllegalArgumentException("unsupported " + value);
    }
  }

  /** Control byte (type in the top 3 bits, or 0 and an extended-type byte), then the size. */
  private static void control(int type, int size, ByteArrayOutputStream out) {
    int first = type <= 7 ? type << 5 : 0;
    byte[] sizeBytes;
    if (size < 29) {
      first |= size;
      sizeBytes = new byte[0];
    } else if (size < 285) {
      first |= 29;
      sizeBytes = new byte[] {(byte) (size - 29)};
    } else {
      first |= 30;
      int rest = size - 285;
      sizeBytes = new byte[] {(byte) (rest >>> 8), (byte) rest};
    }
    out.write(first);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(sizeBytes);
  }

  /** A value the format wants as uint64 whatever its size (the metadata's build_epoch). */
  private record Uint64(long value) {}

  private static byte[] unsigned(long value) {
    int length = 0;
    for (long v = value; v != 0; v >>>= 8) {
      length++;
    }
    byte[] bytes = new byte[length];
    for (int i = length - 1; i >= 0; i--) {
      bytes[i] = (byte) (value & 0xff);
      value >>>= 8;
    }
    return bytes;
  }
}
