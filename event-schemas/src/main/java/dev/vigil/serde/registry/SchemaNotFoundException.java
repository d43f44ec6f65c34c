package dev.vigil.serde.registry;

/**
 * Registry answer 40403: no schema has this id, or the schema is not registered under the subject.
 */
public class SchemaNotFoundException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
