package dev.vigil.tools.ssf;

import dev.vigil.events.Alert;
import dev.vigil.events.RevocationCommand;
import dev.vigil.events.Severity;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What Vigil says to a Shared Signals receiver, as Security Event Token (RFC 8417) payloads: which
 * event type each command or alert becomes, its subject in the SSF 1.0 subject-identifier format,
 * and the deterministic {@code jti} that makes a retransmission recognisably the same SET.
 *
 * <ul>
 *   <li>{@code REVOKE_TOKEN} → RISC {@code credential-compromise}: the token fingerprint is
 *       compromised; the subject is {@code complex}: {@code user} (the identity) and {@code
 *       session} (the token, {@code opaque}).
 *   <li>{@code REVOKE_SESSIONS} → CAEP {@code session-revoked} for the identity.
 *   <li>{@code DISABLE_IDENTITY} → CAEP {@code credential-change} with {@code change_type} {@code
 *       revoke}: every credential of the identity is to be revoked.
 *   <li>An alert at or above the chosen severity → CAEP {@code risk-level-change} of the identity.
 * </ul>
 *
 * The identity is an {@code opaque} subject (its {@code identity_id}) unless a subject issuer is
 * configured, then an {@code iss_sub} subject. Pure: no clock, no I/O; {@code iat} is the signer's.
 */
public final class SecurityEvents {

  public static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
  public static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
  public static final String SESSION_REVOKED = CAEP + "session-revoked";
  public static final String CREDENTIAL_CHANGE = CAEP + "credential-change";
  public static final String RISK_LEVEL_CHANGE = CAEP + "risk-level-change";
  public static final String CREDENTIAL_COMPROMISE = RISC + "credential-compromise";
  public static final String VERIFICATION =
      "https://schemas.openid.net/secevent/ssf/event-type/verification";

  /**
   * The {@code credential_type} Vigil sends for the tokens it fingerprints. Not one of CAEP's
   * listed values (passwords, keys, authenticators): the specifications allow any value the
   * transmitter and receiver agree on, and receivers of Vigil's events agree on this one.
   */
  public static final String BEARER_TOKEN = "bearer-token";

  /** A SET's own claims, before {@code iss}, {@code aud} and {@code iat} are added. */
  public record Payload(
      String jti, String txn, Map<String, Object> subject, String eventType, Object event) {

    public Map<String, Object> events() {
      Map<String, Object> events = new LinkedHashMap<>();
      events.put(eventType, event);
      return events;
    }
  }

  private final String subjectIssuer;

  /**
   * @param subjectIssuer the issuer of Vigil's identity ids (e.g. the IdP or SPIFFE trust domain
   *     URL), or null: identities are then {@code opaque} subjects
   */
  public SecurityEvents(String subjectIssuer) {
    this.subjectIssuer = subjectIssuer == null || subjectIssuer.isBlank() ? null : subjectIssuer;
  }

  /** The events a command becomes; {@code txn} is its alert id, shared by all its SETs. */
  public Payload forCommand(RevocationCommand command) {
    String jti = jti("command", command.getCommandId());
    Map<String, Object> reason = Map.of("en", command.getReason());
    long at = command.getIssuedAt().getEpochSecond();
    return switch (command.getAction()) {
      case REVOKE_TOKEN -> {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("credential_type", BEARER_TOKEN);
        event.put("event_timestamp", at);
        event.put("reason_admin", reason);
        yield new Payload(
            jti,
            command.getAlertId(),
            command.getTokenId() == null
                ? identity(command.getIdentityId())
                : identityWithToken(command.getIdentityId(), command.getTokenId()),
            CREDENTIAL_COMPROMISE,
            event);
      }
      case REVOKE_SESSIONS -> {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_timestamp", at);
        event.put("initiating_entity", "policy");
        event.put("reason_admin", reason);
        yield new Payload(
            jti, command.getAlertId(), identity(command.getIdentityId()), SESSION_REVOKED, event);
      }
      case DISABLE_IDENTITY -> {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_timestamp", at);
        event.put("initiating_entity", "policy");
        event.put("reason_admin", reason);
        event.put("credential_type", BEARER_TOKEN);
        event.put("change_type", "revoke");
        yield new Payload(
            jti, command.getAlertId(), identity(command.getIdentityId()), CREDENTIAL_CHANGE, event);
      }
    };
  }

  /** An alert as a CAEP risk-level change of its identity. */
  public Payload forAlert(Alert alert) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event_timestamp", alert.getDetectedAt().getEpochSecond());
    event.put("principal", "USER");
    event.put("current_level", riskLevel(alert.getSeverity()));
    event.put("risk_reason", alert.getRuleId() + ": " + alert.getSummary());
    event.put("initiating_entity", "policy");
    return new Payload(
        jti("alert", alert.getAlertId()),
        alert.getAlertId(),
        alert.getTokenId() == null
            ? identity(alert.getIdentityId())
            : identityWithToken(alert.getIdentityId(), alert.getTokenId()),
        RISK_LEVEL_CHANGE,
        event);
  }

  /** The SSF verification event a receiver asked for, on its stream. */
  public static Payload verification(String streamId, String state) {
    Map<String, Object> event = new LinkedHashMap<>();
    if (state != null) {
      event.put("state", state);
    }
    return new Payload(UUID.randomUUID().toString(), null, opaque(streamId), VERIFICATION, event);
  }

  /** CAEP's three levels: HIGH and CRITICAL alerts are both HIGH. */
  static String riskLevel(Severity severity) {
    return switch (severity) {
      case LOW -> "LOW";
      case MEDIUM -> "MEDIUM";
      case HIGH, CRITICAL -> "HIGH";
    };
  }

  /**
   * The same command or alert always gives the same {@code jti}, whichever receiver and however
   * often it is sent: a name-based UUID of its id.
   */
  public static String jti(String kind, String id) {
    return UUID.nameUUIDFromBytes(
            ("vigil-ssf\n" + kind + "\n" + id).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  Map<String, Object> identity(String identityId) {
    if (subjectIssuer == null) {
      return opaque(identityId);
    }
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("format", "iss_sub");
    subject.put("iss", subjectIssuer);
    subject.put("sub", identityId);
    return subject;
  }

  private Map<String, Object> identityWithToken(String identityId, String tokenId) {
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("format", "complex");
    subject.put("user", identity(identityId));
    subject.put("session", opaque(tokenId));
    return subject;
  }

  static Map<String, Object> opaque(String id) {
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("format", "opaque");
    subject.put("id", id);
    return subject;
  }
}
