package dev.vigil.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.adapters.VendorFileReader.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class VendorFileReaderTest {

  @Test
  void aJsonArrayIsStreamedElementByElement() throws IOException {
    List<VendorRecord> records = read("[\n {\"a\":1},\n {\"a\":2}\n]", Shape.JSON_ARRAY);
    assertThat(records).extracting(r -> r.json().get("a").asInt()).containsExactly(1, 2);
    assertThat(records)
        .extracting(VendorRecord::location)
        .containsExactly("element 1", "element 2");
    assertThat(records).extracting(VendorRecord::ordinal).containsExactly(1L, 2L);
  }

  @Test
  void cloudTrailS3FilesAreStreamedFromTheirRecordsArrayOnOneLine() throws IOException {
    List<VendorRecord> records =
        read(
            "{\"Records\":[{\"eventID\":\"1\"},{\"eventID\":\"2\"},{\"eventID\":\"3\"}]}",
            Shape.JSON_DOCUMENTS);
    assertThat(records)
        .extracting(r -> r.json().get("eventID").asText())
        .containsExactly("1", "2", "3");
    assertThat(records.get(2).location()).isEqualTo("Records[2]");
  }

  @Test
  void gzippedFilesAreDecompressed() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write("{\"Records\":[{\"eventID\":\"z\"}]}".getBytes(StandardCharsets.UTF_8));
    }
    try (VendorFileReader reader = VendorFileReader.open(bytes.toByteArray())) {
      assertThat(reader.next().json().get("eventID").asText()).isEqualTo("z");
      assertThat(reader.hasNext()).isFalse();
    }
  }

  @Test
  void prettyPrintedContainersWithEnvelopeFieldsAroundThem() throws IOException {
    String graphPage =
        """
        {
          "@odata.context": "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns",
          "value": [
            {"id": "s1"},
            {"id": "s2"}
          ],
          "@odata.nextLink": "https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x"
        }
        {"records": [{"id": "r1"}]}
        """;
    List<VendorRecord> records = read(graphPage, Shape.JSON_DOCUMENTS);
    assertThat(records)
        .extracting(r -> r.json().get("id").asText())
        .containsExactly("s1", "s2", "r1");
  }

  @Test
  void aPrettyPrintedSingleRecordIsOneRecord() throws IOException {
    List<VendorRecord> records =
        read(
            "{\n  \"eventID\": \"x\",\n  \"value\": [1, 2],\n  \"records\": []\n}\n",
            Shape.JSON_DOCUMENTS);
    // An array of non-objects under a container name is an ordinary field; an empty container is
    // a container of nothing.
    assertThat(records).isEmpty();
    List<VendorRecord> plain =
        read("{\n  \"eventID\": \"x\",\n  \"value\": [1, 2]\n}\n", Shape.JSON_DOCUMENTS);
    assertThat(plain).hasSize(1);
    assertThat(plain.get(0).json().get("value").size()).isEqualTo(2);
  }

  @Test
  void jsonLinesWithShipperFieldsAndABadLineInTheMiddle() throws IOException {
    String lines =
        """
        {"date":1733040000.1,"log":"{\\"auditID\\":\\"a\\"}"}

        {"date":1733040000.2,"log":"{\\"auditID\\":\\"b\\"}"
        {"date":1733040000.3,"log":"{\\"auditID\\":\\"c\\"}"}
        """;
    List<VendorRecord> records = read(lines, Shape.JSON_LINES);
    assertThat(records).hasSize(3);
    assertThat(records.get(0).readable()).isTrue();
    assertThat(records.get(1).readable()).isFalse();
    assertThat(records.get(1).location()).isEqualTo("line 3");
    assertThat(records.get(1).error()).startsWith("not valid JSON");
    assertThat(records.get(2).json().get("log").asText()).contains("\"c\"");
  }

  @Test
  void jsonLinesWhoseLinesArePagesOrContainers() throws IOException {
    String lines =
        "{\"uuid\":\"0\"}\n[{\"uuid\":\"1\"},{\"uuid\":\"2\"}]\n{\"logEvents\":[{\"message\":\"m\"}]}\n\"scalar\"\n";
    List<VendorRecord> records = read(lines, Shape.JSON_LINES);
    assertThat(records)
        .extracting(VendorRecord::readable)
        .containsExactly(true, true, true, true, false);
    assertThat(records.get(3).location()).isEqualTo("line 3 logEvents[0]");
  }

  @Test
  void aSyntaxErrorInsideAStreamedArrayEndsTheFileWithAnError() throws IOException {
    List<VendorRecord> records = read("[{\"a\":1},{\"a\":2,,}]", Shape.JSON_ARRAY);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).readable()).isTrue();
    assertThat(records.get(1).readable()).isFalse();
    assertThat(records.get(1).error()).startsWith("not valid JSON");
  }

  @Test
  void errorsNeverEchoASecretFromTheBrokenText() throws IOException {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWZha2U";
    List<VendorRecord> records = read("{\"a\":1}\n" + jwt + "\n", Shape.JSON_LINES);
    assertThat(records.get(1).error()).doesNotContain(jwt).doesNotContain("eyJ");
  }

  @Test
  void emptyFilesAndBom() throws IOException {
    assertThat(read("  \n\n", Shape.EMPTY)).isEmpty();
    List<VendorRecord> bom = read("\uFEFF[{\"a\":1}]", Shape.JSON_ARRAY);
    assertThat(bom).hasSize(1);
  }

  @Test
  void aLargeArrayIsNotLoadedWhole() throws IOException {
    // 200k records through a stream that yields bytes on demand: the first record must come out
    // while most of the input is still unread, and the rest in order.
    int count = 200_000;
    CountingStream in = new CountingStream(count);
    try (VendorFileReader reader = VendorFileReader.open(in)) {
      assertThat(reader.shape()).isEqualTo(Shape.JSON_DOCUMENTS);
      VendorRecord first = reader.next();
      assertThat(first.json().get("i").asInt()).isZero();
      // Only the shape-detection peek (1 MiB) and the read buffers have been consumed.
      assertThat(in.total).isGreaterThan(6_000_000L);
      assertThat(in.produced).isLessThanOrEqualTo((1 << 20) + 4 * (1 << 16));
      int n = 1;
      while (reader.hasNext()) {
        assertThat(reader.next().json().get("i").asInt()).isEqualTo(n++);
      }
      assertThat(n).isEqualTo(count);
    }
  }

  private static List<VendorRecord> read(String content, Shape expected) throws IOException {
    List<VendorRecord> out = new ArrayList<>();
    try (VendorFileReader reader =
        VendorFileReader.open(content.getBytes(StandardCharsets.UTF_8))) {
      assertThat(reader.shape()).isEqualTo(expected);
      reader.forEachRemaining(out::add);
    }
    return out;
  }

  /** {"Records":[{"i":0},{"i":1},…]} generated on the fly. */
  private static final class CountingStream extends InputStream {
    private final int count;
    private final long total;
    private long produced;
    private int next;
    private byte[] chunk = "{\"Records\":[".getBytes(StandardCharsets.UTF_8);
    private int position;

    CountingStream(int count) {
      this.count = count;
      this.total = count * 33L;
    }

    @Override
    public int read() {
      if (position == chunk.length) {
        if (next > count) {
          return -1;
        }
        String text =
            next == count
                ? "]}"
                : (next == 0 ? "" : ",") + "{\"i\":" + next + ",\"pad\":\"xxxxxxxx\"}";
        chunk = text.getBytes(StandardCharsets.UTF_8);
        position = 0;
        next++;
      }
      produced++;
      return chunk[position++] & 0xff;
    }
  }
}
