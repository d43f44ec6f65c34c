package dev.vigil.adapters.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.cloudtrail.CloudTrailAdapter.Call;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.Sources;
import dev.vigil.adapters.common.Times;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The credential lifecycle inside CloudTrail calls: STS issuing temporary credentials, IAM
 * creating, deleting and deactivating access keys. Only the access key id of a credential is read;
 * the {@code sessionToken} beside it in {@code responseElements.credentials} is never touched.
 */
final class CredentialEvents {

  private static final Set<String> STS_ISSUING =
      Set.of(
          "AssumeRole",
          "AssumeRoleWithSAML",
          "AssumeRoleWithWebIdentity",
          "GetFederationToken",
          "GetSessionToken",
          "AssumeRoot");

  private CredentialEvents() {}

  /** The credential event this call implies, or null. {@code caller} is null for AWS services. */
  static AuthEvent of(Call call, JsonNode ui, AwsPrincipal caller) {
    if (call.errorCode() != null) {
      return null;
    }
    String service = AwsActions.service(call.eventSource());
    if (service.equals("sts") && STS_ISSUING.contains(call.eventName())) {
      return issued(call, ui, caller);
    }
    if (service.equals("iam") && caller != null) {
      return accessKey(call, caller);
    }
    return null;
  }

  /** An AssumeRoleWithSAML/WebIdentity that failed: a failed login of the role. */
  static AuthEvent failedFederation(Call call, JsonNode ui) {
    JsonNode request = call.record().path("requestParameters");
    String roleArn = Json.text(request, "roleArn");
    String identity =
        roleArn != null
            ? roleArn
            : "aws:federation/" + Json.required(call.record(), "userIdentity", "type");
    return AuthEvent.newBuilder()
        .setEventId(call.eventId())
        .setEventTime(call.time())
        .setIdentityId(identity)
        .setIdentityType(
            "SAMLUser".equals(Json.text(ui, "type")) ? IdentityType.HUMAN : IdentityType.WORKLOAD)
        .setKind(AuthEventKind.LOGIN)
        .setOutcome(call.outcome() == Outcome.SUCCESS ? Outcome.FAILURE : call.outcome())
        .setSource(Sources.of(call.ip(), call.userAgent()))
        .setIssuer("sts.amazonaws.com")
        .setAttributes(
            call.attributes()
                .put("aws_identity_type", Json.text(ui, "type"))
                .put("aws_identity_provider", Json.text(ui, "identityProvider"))
                .put("aws_role_session_name", Json.text(request, "roleSessionName"))
                .build())
        .build();
  }

  private static AuthEvent issued(Call call, JsonNode ui, AwsPrincipal caller) {
    JsonNode response = call.record().path("responseElements");
    String newKeyId = Json.text(response, "credentials", "accessKeyId");
    if (newKeyId == null) {
      return null;
    }
    JsonNode request = call.record().path("requestParameters");
    String name = call.eventName();
    String sessionName = Json.text(request, "roleSessionName");
    if (sessionName == null) {
      sessionName = AwsPrincipal.lastSegment(Json.text(response, "assumedRoleUser", "arn"));
    }
    String identity;
    IdentityType type;
    String workload = null;
    String issuer = "sts.amazonaws.com";
    String issuedToService = null;
    switch (name) {
      case "GetFederationToken" -> {
        identity = Json.required(response, "federatedUser", "arn");
        type = IdentityType.UNKNOWN;
      }
      case "GetSessionToken" -> {
        identity = caller != null ? caller.identityId() : Json.required(ui, "arn");
        type = caller != null ? caller.type() : IdentityType.UNKNOWN;
      }
      case "AssumeRoot" -> {
        identity = "arn:aws:iam::" + Json.required(request, "targetPrincipal") + ":root";
        type = IdentityType.HUMAN;
      }
      default -> {
        identity = roleArn(request, response);
        type = IdentityType.SERVICE_ACCOUNT;
      }
    }
    if (AwsPrincipal.isService(Json.text(ui, "type"))) {
      // AWS delivering role credentials to a compute resource it runs: the session name is the
      // resource, and the credential belongs there.
      issuedToService = Json.text(ui, "invokedBy");
      workload = serviceWorkload(issuedToService, sessionName);
      type = IdentityType.WORKLOAD;
    } else if (name.equals("AssumeRoleWithWebIdentity")) {
      // The IdP vouched for the workload: e.g. system:serviceaccount:ns:sa (EKS IRSA) or
      // repo:org/repo:ref:refs/heads/main (GitHub Actions OIDC).
      workload = Json.text(response, "subjectFromWebIdentityToken");
      issuer = firstNonNull(Json.text(response, "provider"), issuer);
      type = IdentityType.WORKLOAD;
    } else if (name.equals("AssumeRoleWithSAML")) {
      type = IdentityType.HUMAN;
    } else if (caller != null && caller.type() == IdentityType.HUMAN && name.equals("AssumeRole")) {
      type = IdentityType.HUMAN;
    }
    return AuthEvent.newBuilder()
        .setEventId(call.eventId() + "#token-issued")
        .setEventTime(call.time())
        .setIdentityId(identity)
        .setIdentityType(type)
        .setKind(AuthEventKind.TOKEN_ISSUED)
        .setOutcome(Outcome.SUCCESS)
        .setTokenId(newKeyId)
        .setTokenExpiresAt(Times.optional(response, "credentials", "expiration"))
        .setAudience("aws")
        .setScopes(scopes(request, identity, name))
        .setSource(Sources.of(call.ip(), null, null, call.userAgent(), workload, null))
        .setIssuer(issuer)
        .setAttributes(
            call.attributes()
                .put("aws_role_session_name", sessionName)
                .put("aws_issued_by", caller != null ? caller.identityId() : null)
                .put("aws_issued_to_service", issuedToService)
                .put("credential_context", workload)
                .put("aws_source_identity", Json.text(request, "sourceIdentity"))
                .put("aws_duration_seconds", Json.text(request, "durationSeconds"))
                .put("aws_saml_subject", Json.text(response, "subject"))
                .put("aws_web_identity_audience", Json.text(response, "audience"))
                .build())
        .build();
  }

  /** CreateAccessKey, DeleteAccessKey, UpdateAccessKey(Inactive); null for other IAM calls. */
  private static AuthEvent accessKey(Call call, AwsPrincipal caller) {
    JsonNode request = call.record().path("requestParameters");
    AuthEventKind kind;
    String keyId;
    String userName = Json.text(request, "userName");
    switch (call.eventName()) {
      case "CreateAccessKey" -> {
        kind = AuthEventKind.CREDENTIAL_CREATED;
        JsonNode key = call.record().path("responseElements").path("accessKey");
        keyId = Json.text(key, "accessKeyId");
        userName = firstNonNull(Json.text(key, "userName"), userName);
      }
      case "DeleteAccessKey" -> {
        kind = AuthEventKind.TOKEN_REVOKED;
        keyId = Json.text(request, "accessKeyId");
      }
      case "UpdateAccessKey" -> {
        if (!"Inactive".equalsIgnoreCase(Json.text(request, "status"))) {
          return null;
        }
        kind = AuthEventKind.TOKEN_REVOKED;
        keyId = Json.text(request, "accessKeyId");
      }
      default -> {
        return null;
      }
    }
    if (keyId == null) {
      return null;
    }
    String account = Json.text(call.record(), "recipientAccountId");
    // A user without a path: IAM ARNs of users created with a path will not match this name.
    String identity =
        userName != null && account != null
            ? "arn:aws:iam::" + account + ":user/" + userName
            : caller.identityId();
    String suffix =
        kind == AuthEventKind.CREDENTIAL_CREATED ? "#credential-created" : "#token-revoked";
    return AuthEvent.newBuilder()
        .setEventId(call.eventId() + suffix)
        .setEventTime(call.time())
        .setIdentityId(identity)
        .setIdentityType(userName != null ? IdentityType.UNKNOWN : caller.type())
        .setKind(kind)
        .setOutcome(Outcome.SUCCESS)
        .setTokenId(keyId)
        .setAudience(kind == AuthEventKind.CREDENTIAL_CREATED ? "aws" : null)
        .setSource(Sources.of(call.ip(), call.userAgent()))
        .setIssuer("iam.amazonaws.com")
        .setAttributes(call.attributes().put("aws_changed_by", caller.identityId()).build())
        .build();
  }

  private static String roleArn(JsonNode request, JsonNode response) {
    String roleArn = Json.text(request, "roleArn");
    if (roleArn != null) {
      return roleArn;
    }
    return AwsPrincipal.roleArnOfSession(Json.required(response, "assumedRoleUser", "arn"));
  }

  /** The role granted, and the managed session policies that narrow it. */
  private static List<String> scopes(JsonNode request, String identity, String eventName) {
    List<String> scopes = new ArrayList<>();
    if (eventName.startsWith("AssumeRole")) {
      scopes.add(identity);
    }
    for (JsonNode policy : request.path("policyArns")) {
      String arn = Json.text(policy, "arn");
      if (arn != null) {
        scopes.add(arn);
      }
    }
    return scopes;
  }

  private static String serviceWorkload(String service, String sessionName) {
    if (service == null || sessionName == null) {
      return null;
    }
    if (service.startsWith("ec2.") && AwsPrincipal.INSTANCE_ID.matcher(sessionName).matches()) {
      return AwsPrincipal.ec2Context(sessionName);
    }
    if (service.startsWith("lambda.")) {
      return "aws:lambda:function/" + sessionName;
    }
    if (service.startsWith("ecs-tasks.")) {
      return "aws:ecs:task/" + sessionName;
    }
    return null;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
