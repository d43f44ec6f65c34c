package dev.vigil.adapters;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record read from a vendor file by {@link VendorFileReader}: either its JSON ({@link
 * #readable()}) or why it could not be read. Pass {@link #json()} to {@link SourceAdapter#map}.
 *
 * @param ordinal 1-based position among the records of the file
 * @param location where in the file, for people: {@code line 12}, {@code element 3}, {@code
 *     Records[41]}
 * @param json the record, or null when unreadable
 * @param error why the record could not be read (never its content), or null when readable
 */
public record VendorRecord(long ordinal, String location, JsonNode json, String error) {

  public boolean readable() {
    return json != null;
  }
}
