package dev.vigil.tools.replay;

import org.apache.avro.specific.SpecificRecord;

/** Writes an alert or a revocation command as one JSON line of the contract ({@code EventJson::write}). */
@FunctionalInterface
public interface RecordLineWriter {

  String write(SpecificRecord record);
}
