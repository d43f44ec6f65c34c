package dev.vigil.serde.registry;

/** Registry answer 40401: the subject has no schema registered under it. */
public class SubjectNotFoundException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public SubjectNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
