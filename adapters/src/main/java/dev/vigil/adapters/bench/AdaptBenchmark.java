package dev.vigil.adapters.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.adapters.VendorFileReader;
import dev.vigil.adapters.VendorRecord;
import dev.vigil.adapters.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Throughput of the CloudTrail path on one thread, from bytes to contract events: builds a
 * CloudTrail S3-style file ({@code {"Records":[…]}}) of N records by cycling a corpus of real
 * records (each copy with its own {@code eventID}), then reads and maps it several times with
 * {@link VendorFileReader} and the cloudtrail adapter, and prints records per second per round.
 *
 * <pre>
 * java -cp … dev.vigil.adapters.bench.AdaptBenchmark \
 *     [--corpus adapters/src/test/resources/realdata/cloudtrail/stratus-red-team] \
 *     [--records 200000] [--rounds 5]
 * </pre>
 *
 * Not a test: timings depend on the machine. {@code docs/SOURCES.md} records a run.
 */
public final class AdaptBenchmark {

  private AdaptBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path corpus = Path.of("adapters/src/test/resources/realdata/cloudtrail/stratus-red-team");
    int records = 200_000;
    int rounds = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--corpus" -> corpus = Path.of(args[i + 1]);
        case "--records" -> records = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isDirectory(corpus)) {
      corpus = Path.of("src/test/resources/realdata/cloudtrail/stratus-red-team");
    }
    List<JsonNode> seed = readCorpus(corpus);
    byte[] file = generate(seed, records);
    System.out.printf(
        Locale.ROOT,
        "corpus: %d real records from %s; generated file: %d records, %.1f MB%n",
        seed.size(),
        corpus,
        records,
        file.length / 1e6);

    SourceAdapter adapter = SourceAdapters.byName("cloudtrail");
    run(adapter, file); // warm-up: JIT
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] rates = new double[rounds];
    double[] cpuRates = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long[] counts = run(adapter, file);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      rates[round] = counts[0] / seconds;
      cpuRates[round] = counts[0] / cpuSeconds;
      System.out.printf(
          Locale.ROOT,
          "round %d: %d records -> %d events in %.3f s wall, %.3f s CPU = %,.0f records/s wall,"
              + " %,.0f records per CPU-second%n",
          round + 1,
          counts[0],
          counts[1],
          seconds,
          cpuSeconds,
          rates[round],
          cpuRates[round]);
    }
    Arrays.sort(rates);
    Arrays.sort(cpuRates);
    // On a shared machine the wall-clock rate measures the neighbours too; the thread's own CPU
    // time is what one core does (GC threads excluded).
    System.out.printf(
        Locale.ROOT,
        "median %,.0f records/s wall, %,.0f records per CPU-second on one thread"
            + " (best %,.0f / %,.0f)%n",
        rates[rounds / 2],
        cpuRates[rounds / 2],
        rates[rounds - 1],
        cpuRates[rounds - 1]);
  }

  /** Reads and maps the whole file; returns {records, events}. */
  private static long[] run(SourceAdapter adapter, byte[] file) throws IOException {
    long recordCount = 0;
    long eventCount = 0;
    try (VendorFileReader reader = VendorFileReader.open(file)) {
      while (reader.hasNext()) {
        VendorRecord record = reader.next();
        recordCount++;
        AdapterResult result = adapter.map(record.json());
        eventCount += result.events().size();
      }
    }
    return new long[] {recordCount, eventCount};
  }

  private static List<JsonNode> readCorpus(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      try (VendorFileReader reader = VendorFileReader.open(file)) {
        reader.forEachRemaining(record -> out.add(record.json()));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no CloudTrail records under " + dir.toAbsolutePath());
    }
    return out;
  }

  private static byte[] generate(List<JsonNode> seed, int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(count * 2048);
    try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(bytes)) {
      out.writeStartObject();
      out.writeArrayFieldStart("Records");
      for (int i = 0; i < count; i++) {
        ObjectNode record = (ObjectNode) seed.get(i % seed.size()).deepCopy();
        record.put("eventID", record.path("eventID").asText() + "-" + i);
        Json.MAPPER.writeTree(out, record);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    return bytes.toByteArray();
  }
}
