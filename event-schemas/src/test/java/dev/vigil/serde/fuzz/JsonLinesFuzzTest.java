package dev.vigil.serde.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.events.json.EventJson;
import dev.vigil.events.json.EventJsonException;
import dev.vigil.events.testing.SampleEvents;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON-lines reader on damaged lines: a valid event line with characters replaced, removed or
 * inserted, or with a field's value swapped for a value of another type, is read as an event that
 * can be written again, or refused with an {@link EventJsonException} naming a field; never another
 * exception.
 */
class JsonLinesFuzzTest {

  private static final List<String> LINES =
      List.of(
          EventJson.write(SampleEvents.authEvent()), EventJson.write(SampleEvents.tokenUseEvent()));

  private static final String[] JUNK = {
    "\"",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "null",
    "0",
    "-1",
    "1e999",
    "true",
    "\"\"",
    "\\u0000",
    "\\ud800",
    "9223372036854775808",
    "[]",
    "{}",
    "\"auth\"",
    "\"token_use\""
  };

  @Property(tries = 500)
  void damagedLinesAreReadOrRefusedWithAField(
      @ForAll @IntRange(min = 0, max = 1) int base,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    Random random = new Random(seed);
    StringBuilder line = new StringBuilder(LINES.get(base));
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations && line.length() > 0; i++) {
      int at = random.nextInt(line.length());
      switch (random.nextInt(4)) {
        case 0 -> line.deleteCharAt(at);
        case 1 -> line.insert(at, JUNK[random.nextInt(JUNK.length)]);
        case 2 -> line.setCharAt(at, (char) (32 + random.nextInt(95)));
        default -> replaceAValue(line, random);
      }
    }
    check(line.toString());
  }

  @Property(tries = 200)
  void anyTextIsRefusedOrRead(@ForAll String text) {
    check(text);
  }

  /** The value after the n-th {@code ":"} becomes a junk value. */
  private static void replaceAValue(StringBuilder line, Random random) {
    int colon = -1;
    int skip = random.nextInt(30);
    for (int i = 0; i <= skip; i++) {
      int next = line.indexOf("\":", colon + 1);
      if (next < 0) {
        break;
      }
      colon = next;
    }
    if (colon < 0) {
      return;
    }
    int start = colon + 2;
    int end = start;
    int depth = 0;
    boolean inString = false;
    while (end < line.length()) {
      char c = line.charAt(end);
      if (inString) {
        if (c == '\\') {
          end++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        break;
      }
      end++;
    }
    line.replace(start, Math.min(end, line.length()), JUNK[random.nextInt(JUNK.length)]);
  }

  private static void check(String line) {
    SpecificRecord event;
    try {
      event = EventJson.parseEvent(line);
    } catch (EventJsonException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    } catch (RuntimeException e) {
      throw new AssertionError("reading " + line + " threw " + e.getClass().getName(), e);
    }
    assertThat(event).isNotNull();
    assertThat(EventJson.write(event)).isNotBlank();
  }
}
