package dev.vigil.serde.registry;

/** Registry answer 40402: the subject has no such version. */
public class VersionNotFoundException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public VersionNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
