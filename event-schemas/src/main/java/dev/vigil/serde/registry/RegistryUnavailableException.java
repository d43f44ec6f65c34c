package dev.vigil.serde.registry;

/**
 * No registry URL answered usefully: connections refused, timeouts or 5xx answers on every attempt.
 */
public class RegistryUnavailableException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(
      String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, httpStatus, errorCode, cause);
  }
}
