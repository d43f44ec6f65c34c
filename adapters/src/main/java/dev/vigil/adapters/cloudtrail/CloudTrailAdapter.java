package dev.vigil.adapters.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.Reasons;
import dev.vigil.adapters.common.Attrs;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.SecretShapes;
import dev.vigil.adapters.common.Sources;
import dev.vigil.adapters.common.Times;
import dev.vigil.adapters.common.UserAgents;
import dev.vigil.adapters.common.VendorAdapter;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * AWS CloudTrail management and data events (record format 1.0x), as written to S3, CloudWatch
 * Logs, EventBridge or a Lake export.
 *
 * <ul>
 *   <li>Every API call made with a credential is a {@link TokenUseEvent}: the caller's access key
 *       id is the token id, {@code aws:<service>} the tool, the IAM action the action and
 *       privilege.
 *   <li>STS calls that mint credentials (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity,
 *       GetFederationToken, GetSessionToken, AssumeRoot) add a {@code TOKEN_ISSUED} for the new
 *       access key id with its expiry; AWS's own AssumeRole for EC2 instance profiles and Lambda
 *       carries the instance or function as the credential's workload.
 *   <li>IAM CreateAccessKey adds {@code CREDENTIAL_CREATED}; DeleteAccessKey and deactivating
 *       UpdateAccessKey add {@code TOKEN_REVOKED}.
 *   <li>Console sign-ins are {@code LOGIN}s (or {@code ROLE_ASSUMED} for SwitchRole).
 * </ul>
 *
 * CloudTrail never records which workload made a call. What stands in for it (source network, VPC
 * endpoint, user agent family, the instance an instance-profile session was delivered to) is
 * carried in {@code source} and the attributes; {@code docs/SOURCES.md} says how strong each is.
 */
public final class CloudTrailAdapter extends VendorAdapter {

  public static final String SOURCE = "cloudtrail";

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  protected boolean isVendorRecord(JsonNode node) {
    return node.has("eventVersion")
        && node.has("eventName")
        && (node.has("eventSource") || node.has("userIdentity"));
  }

  @Override
  protected AdapterResult mapRecord(JsonNode record) {
    String eventType = Json.text(record, "eventType");
    if (eventType == null || eventType.equals("AwsApiCall")) {
      return apiCall(record);
    }
    if (eventType.equals("AwsConsoleSignIn")) {
      return consoleSignIn(record);
    }
    // AwsServiceEvent, AwsCloudTrailInsight, AwsVpceEvent: no principal's credential is used.
    return AdapterResult.skipped(Reasons.IRRELEVANT_EVENT_TYPE);
  }

  private AdapterResult apiCall(JsonNode r) {
    Call call = Call.of(r);
    JsonNode ui = Json.requiredObject(r, "userIdentity");
    String uiType = Json.text(ui, "type");
    List<SpecificRecord> events = new ArrayList<>(2);
    AwsPrincipal caller = null;
    if (!AwsPrincipal.isService(uiType) && !AwsPrincipal.isFederationRequest(uiType)) {
      caller = AwsPrincipal.of(ui);
      events.add(use(call, ui, caller));
    }
    AuthEvent credential = CredentialEvents.of(call, ui, caller);
    if (credential != null) {
      events.add(credential);
    }
    if (events.isEmpty()) {
      if (AwsPrincipal.isService(uiType)) {
        return AdapterResult.skipped(Reasons.AWS_SERVICE_CALLER);
      }
      // A federation request that failed (bad SAML assertion, invalid web identity token).
      return AdapterResult.mapped(CredentialEvents.failedFederation(call, ui));
    }
    return AdapterResult.mapped(events);
  }

  private static TokenUseEvent use(Call call, JsonNode ui, AwsPrincipal caller) {
    String service = AwsActions.service(call.eventSource());
    String action = AwsActions.action(service, call.eventName());
    JsonNode request = call.record().path("requestParameters");
    return TokenUseEvent.newBuilder()
        .setEventId(call.eventId())
        .setEventTime(call.time())
        .setIdentityId(caller.identityId())
        .setIdentityType(caller.type())
        .setTokenId(Json.text(ui, "accessKeyId"))
        .setTool("aws:" + service)
        .setResource(resource(call.record()))
        .setAction(action)
        .setPrivilege(action)
        .setPrivileged(AwsActions.privileged(action, request))
        .setOutcome(call.outcome())
        .setSource(Sources.of(call.ip(), call.userAgent()))
        .setSessionId(caller.sessionArn())
        .setOnBehalfOf(caller.onBehalfOf())
        .setAttributes(
            call.attributes()
                .put("aws_identity_type", Json.text(ui, "type"))
                .put("credential_context", caller.credentialContext())
                .put("aws_ec2_role_delivery", Json.text(ui, "sessionContext", "ec2RoleDelivery"))
                .put("aws_role_session_name", caller.sessionName())
                .put(
                    "aws_session_created_at",
                    Json.text(ui, "sessionContext", "attributes", "creationDate"))
                .put(
                    "aws_mfa_authenticated",
                    Json.text(ui, "sessionContext", "attributes", "mfaAuthenticated"))
                .put("aws_source_identity", Json.text(ui, "sessionContext", "sourceIdentity"))
                .put("aws_invoked_by", Json.text(ui, "invokedBy"))
                .put("aws_read_only", Json.text(call.record(), "readOnly"))
                .build())
        .build();
  }

  private static AdapterResult consoleSignIn(JsonNode r) {
    Call call = Call.of(r);
    JsonNode ui = Json.requiredObject(r, "userIdentity");
    AwsPrincipal principal = AwsPrincipal.of(ui);
    AuthEventKind kind;
    switch (call.eventName()) {
      case "ConsoleLogin" -> kind = AuthEventKind.LOGIN;
      case "SwitchRole" -> kind = AuthEventKind.ROLE_ASSUMED;
      default -> {
        // CheckMfa, ExitRole, RenewRole, GetSigninToken: steps inside a sign-in already recorded.
        return AdapterResult.skipped(Reasons.IRRELEVANT_EVENT_TYPE);
      }
    }
    String result = Json.text(r, "responseElements", "ConsoleLogin");
    if (result == null) {
      result = Json.text(r, "responseElements", "SwitchRole");
    }
    Outcome outcome =
        call.errorCode() == null && (result == null || result.equalsIgnoreCase("Success"))
            ? Outcome.SUCCESS
            : Outcome.FAILURE;
    IdentityType type =
        principal.type() == IdentityType.UNKNOWN ? IdentityType.HUMAN : principal.type();
    AuthEvent event =
        AuthEvent.newBuilder()
            .setEventId(call.eventId())
            .setEventTime(call.time())
            .setIdentityId(principal.identityId())
            .setIdentityType(type)
            .setKind(kind)
            .setOutcome(outcome)
            .setSource(Sources.of(call.ip(), call.userAgent()))
            .setIssuer("signin.amazonaws.com")
            .setAttributes(
                call.attributes()
                    .put("aws_identity_type", Json.text(ui, "type"))
                    .put("aws_mfa_used", Json.text(r, "additionalEventData", "MFAUsed"))
                    .put("aws_error_message", Json.text(r, "errorMessage"))
                    .put("aws_role_session_name", principal.sessionName())
                    .build())
            .build();
    return AdapterResult.mapped(event);
  }

  /** The first resource ARN CloudTrail lists, else a request parameter that names the target. */
  private static String resource(JsonNode r) {
    JsonNode resources = r.path("resources");
    if (resources.isArray()) {
      for (JsonNode resource : resources) {
        String arn = Json.text(resource, "ARN");
        if (arn != null) {
          return SecretShapes.scrub(arn);
        }
      }
    }
    JsonNode request = r.path("requestParameters");
    for (String field : TARGET_PARAMETERS) {
      String value = Json.text(request, field);
      if (value != null) {
        return SecretShapes.scrub(value);
      }
    }
    return null;
  }

  private static final List<String> TARGET_PARAMETERS =
      List.of(
          "roleArn",
          "secretId",
          "bucketName",
          "functionName",
          "userName",
          "roleName",
          "instanceId",
          "target",
          "trailName",
          "name",
          "keyId",
          "snapshotId",
          "imageId",
          "dBSnapshotIdentifier",
          "groupId");

  /** The fields every CloudTrail record has, read once. */
  record Call(
      JsonNode record,
      String eventId,
      Instant time,
      String eventSource,
      String eventName,
      String errorCode,
      String ip,
      String sourceService,
      String userAgent) {

    static Call of(JsonNode r) {
      String rawIp = Json.text(r, "sourceIPAddress");
      boolean serviceName = rawIp != null && isServiceName(rawIp);
      return new Call(
          r,
          Json.required(r, "eventID"),
          Times.required(r, "eventTime"),
          Json.required(r, "eventSource"),
          Json.required(r, "eventName"),
          Json.text(r, "errorCode"),
          serviceName ? null : rawIp,
          serviceName ? rawIp : null,
          Json.text(r, "userAgent"));
    }

    Outcome outcome() {
      if (errorCode == null) {
        return Outcome.SUCCESS;
      }
      String code = errorCode.toLowerCase(Locale.ROOT);
      return code.contains("accessdenied")
              || code.contains("unauthorized")
              || code.contains("forbidden")
              || code.contains("notauthorized")
          ? Outcome.DENIED
          : Outcome.FAILURE;
    }

    /** Attributes every event of this record carries. */
    Attrs attributes() {
      return Attrs.create()
          .put(
              "aws_account_id",
              firstNonNull(
                  Json.text(record, "recipientAccountId"),
                  Json.text(record, "userIdentity", "accountId")))
          .put("aws_region", Json.text(record, "awsRegion"))
          .put("aws_request_id", Json.text(record, "requestID"))
          .put("aws_error_code", errorCode)
          .put("aws_vpc_endpoint_id", Json.text(record, "vpcEndpointId"))
          .put("aws_source_service", sourceService)
          .put("tls_version", Json.text(record, "tlsDetails", "tlsVersion"))
          .put("user_agent_family", UserAgents.family(userAgent));
    }

    /**
     * {@code ec2.amazonaws.com}, {@code AWS Internal}: CloudTrail's names for AWS acting itself.
     */
    private static boolean isServiceName(String value) {
      return value.endsWith(".amazonaws.com") || value.equalsIgnoreCase("AWS Internal");
    }

    private static String firstNonNull(String a, String b) {
      return a != null ? a : b;
    }
  }
}
