package dev.vigil.adapters.common;

import dev.vigil.events.Outcome;

/** The contract's {@link Outcome} of a call that answered with an HTTP status. */
public final class HttpOutcome {

  private HttpOutcome() {}

  /** Below 400 (or no status recorded) a success; 401 and 403 a denial; any other a failure. */
  public static Outcome of(Number status) {
    if (status == null || status.longValue() < 400) {
      return Outcome.SUCCESS;
    }
    long code = status.longValue();
    return code == 401 || code == 403 ? Outcome.DENIED : Outcome.FAILURE;
  }
}
