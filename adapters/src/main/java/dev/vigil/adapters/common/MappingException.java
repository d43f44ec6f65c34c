package dev.vigil.adapters.common;

import dev.vigil.adapters.Reasons;

/**
 * Thrown inside an adapter when a record cannot be mapped; {@link VendorAdapter} turns it into an
 * unmappable result carrying {@link #reason()}. No stack trace: it is control flow for bad input,
 * which a busy feed produces often.
 */
public final class MappingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  private MappingException(String reason) {
    super(reason, null, false, false);
    this.reason = reason;
  }

  public static MappingException missing(String path) {
    return new MappingException(Reasons.missingField(path));
  }

  public static MappingException invalid(String path) {
    return new MappingException(Reasons.invalidField(path));
  }

  public String reason() {
    return reason;
  }
}
