package dev.vigil.tools.replay;

import dev.vigil.events.AuthEvent;
import dev.vigil.events.TokenUseEvent;
import dev.vigil.events.json.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events of a JSON-lines file, and the lines that were not events. A bad line is reported with
 * its number and skipped; it never stops the run.
 *
 * @param lines non-blank lines read
 */
public record ReplayInput(List<SpecificRecord> events, List<BadLine> badLines, long lines) {

  /** A line that could not be read as an event. */
  public record BadLine(long number, String reason) {
    @Override
    public String toString() {
      return "line " + number + ": " + reason;
    }
  }

  public ReplayInput {
    events = List.copyOf(events);
    badLines = List.copyOf(badLines);
  }

  public static ReplayInput read(BufferedReader reader) throws IOException {
    List<SpecificRecord> events = new ArrayList<>();
    List<BadLine> bad = new ArrayList<>();
    long number = 0;
    long lines = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      lines++;
      try {
        SpecificRecord event = EventJson.parseEvent(line);
        if (!(event instanceof AuthEvent) && !(event instanceof TokenUseEvent)) {
          bad.add(new BadLine(number, "not an auth or token_use event"));
        } else {
          events.add(event);
        }
      } catch (RuntimeException e) {
        bad.add(new BadLine(number, String.valueOf(e.getMessage())));
      }
    }
    return new ReplayInput(events, bad, lines);
  }
}
