package dev.vigil.runtime.topics;

import java.util.List;

/** Topics Vigil needs do not exist and Vigil may not (or could not) create them. */
public final class MissingTopicsException extends RuntimeException {

  private final List<String> missing;

  public MissingTopicsException(String message, List<String> missing, Throwable cause) {
    super(message, cause);
    this.missing = List.copyOf(missing);
  }

  /** The names of the missing topics, in the order Vigil lists its topics. */
  public List<String> missing() {
    return missing;
  }
}
