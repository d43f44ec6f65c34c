package dev.vigil.tools.replay;

import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one JSON line of the contract into an {@code AuthEvent} or {@code TokenUseEvent} ({@code
 * EventJson::parseEvent}); throws, naming the field, when the line is not a valid event.
 */
@FunctionalInterface
public interface EventLineParser {

  SpecificRecord parse(String line);
}
