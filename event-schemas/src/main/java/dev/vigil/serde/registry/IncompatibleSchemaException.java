package dev.vigil.serde.registry;

/** Registry answer 409 / 40901: the schema breaks the subject's compatibility rule. */
public class IncompatibleSchemaException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public IncompatibleSchemaException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
