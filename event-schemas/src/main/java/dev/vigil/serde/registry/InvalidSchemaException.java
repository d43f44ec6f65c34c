package dev.vigil.serde.registry;

/** Registry answer 42201: the registry could not parse or accept the schema. */
public class InvalidSchemaException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public InvalidSchemaException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
