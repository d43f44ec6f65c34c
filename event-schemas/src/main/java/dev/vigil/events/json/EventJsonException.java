package dev.vigil.events.json;

/**
 * A JSON line that does not fit the contract. {@link #field()} names the offending field as a path
 * ({@code source.asn}, {@code scopes[2]}, {@code attributes.region}); it is empty when the line as
 * a whole is at fault (not JSON, not an object).
 */
public final class EventJsonException extends RuntimeException {

  private final String field;

  public EventJsonException(String field, String message) {
    super(field.isEmpty() ? message : "field '" + field + "': " + message);
    this.field = field;
  }

  public EventJsonException(String field, String message, Throwable cause) {
    super(field.isEmpty() ? message : "field '" + field + "': " + message, cause);
    this.field = field;
  }

  /** Path of the offending field, or the empty string when the whole line is at fault. */
  public String field() {
    return field;
  }
}
