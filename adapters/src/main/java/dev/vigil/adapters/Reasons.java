package dev.vigil.adapters;

/**
 * The reason codes of {@link AdapterResult}: short, stable, lower-case, safe as metric labels. A
 * field-specific code ends in the field's path in the vendor record ({@code
 * missing-field:userIdentity}); every other code is one of the constants here.
 */
public final class Reasons {

  // ---- skipped: the source writes it, Vigil has no use for it

  /** The vendor's event type carries no authentication, credential or credential use. */
  public static final String IRRELEVANT_EVENT_TYPE = "irrelevant-event-type";

  /**
   * Kubernetes RequestReceived/ResponseStarted: the ResponseComplete stage of the same request is
   * mapped.
   */
  public static final String NON_FINAL_STAGE = "non-final-stage";

  /** Vault request entries: the response entry of the same request is mapped. */
  public static final String REQUEST_ENTRY = "request-entry";

  /** A call AWS made itself (userIdentity type AWSService) that issued no credential. */
  public static final String AWS_SERVICE_CALLER = "aws-service-caller";

  /** A request made without any credential (Vault sys/health, anonymous Kubernetes probes). */
  public static final String UNAUTHENTICATED = "unauthenticated";

  /**
   * A vendor outcome that is neither success nor failure yet (Okta CHALLENGE, SKIPPED, UNKNOWN).
   */
  public static final String INCONCLUSIVE_OUTCOME = "inconclusive-outcome";

  /** An event with no acting principal (GitHub system events). */
  public static final String NO_ACTOR = "no-actor";

  /**
   * An ID token grant: ID tokens are not presented to tools, the access token of the same flow is.
   */
  public static final String ID_TOKEN_GRANT = "id-token-grant";

  // ---- unmappable: dead-lettered

  /** The record is not a JSON object. */
  public static final String NOT_AN_OBJECT = "not-a-json-object";

  /** The record, and every envelope field inside it, is not this source's record. */
  public static final String UNRECOGNISED_SHAPE = "unrecognised-record-shape";

  private static final String MISSING_FIELD = "missing-field:";
  private static final String INVALID_FIELD = "invalid-field:";
  private static final String ADAPTER_ERROR = "adapter-error:";

  private Reasons() {}

  /** A required field is absent, null or blank. */
  public static String missingField(String path) {
    return MISSING_FIELD + path;
  }

  /** A field is present but cannot be read (a time that is not a time, an object for a string). */
  public static String invalidField(String path) {
    return INVALID_FIELD + path;
  }

  /**
   * An unexpected error inside an adapter: a bug, reported rather than thrown into the pipeline.
   */
  public static String adapterError(Throwable error) {
    return ADAPTER_ERROR + error.getClass().getSimpleName();
  }
}
