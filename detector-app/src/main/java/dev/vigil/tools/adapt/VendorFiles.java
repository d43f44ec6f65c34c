package dev.vigil.tools.adapt;

import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.VendorFileReader;
import dev.vigil.adapters.VendorRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Vendor log files through a source's adapter: every record read (whatever the file's shape) is
 * mapped, skipped or dead-lettered, and counted. Dead letters name where the record was and why,
 * never what it held: vendor records carry secrets the adapters exist to keep out.
 */
public final class VendorFiles {

  /** A record that could not be used: where it was, and why. */
  public record DeadLetter(String location, String reason) {}

  /** The events of the files, in file order, with the tally and the dead letters. */
  public record Adapted(
      List<SpecificRecord> events, AdaptTally tally, List<DeadLetter> deadLetters) {}

  private VendorFiles() {}

  public static Adapted read(SourceAdapter adapter, List<Path> files) throws IOException {
    List<SpecificRecord> events = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    AdaptTally tally = new AdaptTally(adapter.source());
    for (Path file : files) {
      try (VendorFileReader reader = VendorFileReader.open(file)) {
        while (reader.hasNext()) {
          VendorRecord record = reader.next();
          String where = file + " " + record.location();
          if (!record.readable()) {
            String reason = "unreadable-record";
            tally.unreadable(reason);
            deadLetters.add(new DeadLetter(where, reason + ": " + record.error()));
            continue;
          }
          AdapterResult result = adapter.map(record.json());
          tally.count(result);
          if (result.isMapped()) {
            events.addAll(result.events());
          } else if (result.status() == AdapterResult.Status.UNMAPPABLE) {
            deadLetters.add(new DeadLetter(where, result.reason()));
          }
        }
      }
    }
    return new Adapted(events, tally, deadLetters);
  }
}
