package dev.vigil.adapters.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.common.Json;
import dev.vigil.adapters.common.MappingException;
import dev.vigil.events.IdentityType;
import java.util.regex.Pattern;

/**
 * Who made a CloudTrail call, as Vigil names identities: the long-lived principal, not the session.
 * An assumed-role session is named by its role's ARN, so a role's baseline spans all its sessions
 * (session names such as {@code aws-go-sdk-1722375070115152000} change on every call). The session
 * itself becomes the event's {@code session_id}.
 *
 * @param identityId the principal's ARN (or a stand-in where CloudTrail gives none)
 * @param type what kind of principal it is
 * @param sessionArn the assumed-role or federated session's ARN, or null
 * @param sessionName the role session name, or null
 * @param credentialContext where the credential was delivered, when CloudTrail says so: {@code
 *     aws:ec2:instance/i-…} for EC2 instance-profile credentials; null otherwise
 * @param onBehalfOf the human behind an IAM Identity Center session, or null
 */
record AwsPrincipal(
    String identityId,
    IdentityType type,
    String sessionArn,
    String sessionName,
    String credentialContext,
    String onBehalfOf) {

  static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-fA-F]{8,17}");

  private static final String SSO_ROLE_PREFIX = "AWSReservedSSO_";

  /** Callers that are AWS itself or a not-yet-authenticated federation request: no principal. */
  static boolean isService(String userIdentityType) {
    return "AWSService".equals(userIdentityType);
  }

  static boolean isFederationRequest(String userIdentityType) {
    return "WebIdentityUser".equals(userIdentityType) || "SAMLUser".equals(userIdentityType);
  }

  /**
   * The principal of {@code userIdentity}; unmappable when CloudTrail names no principal at all.
   */
  static AwsPrincipal of(JsonNode ui) {
    String type = Json.text(ui, "type");
    String arn = Json.text(ui, "arn");
    String account = Json.text(ui, "accountId");
    String onBehalfOf = Json.text(ui, "onBehalfOf", "userId");
    if (type == null) {
      type = "Unknown";
    }
    switch (type) {
      case "AssumedRole":
        return assumedRole(ui, arn, onBehalfOf);
      case "Root":
        return simple(arn != null ? arn : rootArn(account), IdentityType.HUMAN, onBehalfOf);
      case "FederatedUser":
        return new AwsPrincipal(
            required(arn), IdentityType.UNKNOWN, arn, lastSegment(arn), null, onBehalfOf);
      case "IdentityCenterUser":
        return simple(
            arn != null ? arn : "aws:identity-center/" + required(onBehalfOf),
            IdentityType.HUMAN,
            onBehalfOf);
      default:
        // IAMUser, AWSAccount, Unknown, Directory: the ARN, or a name built from what is there.
        if (arn != null) {
          return simple(arn, IdentityType.UNKNOWN, onBehalfOf);
        }
        String user = Json.text(ui, "userName");
        String principalId = Json.text(ui, "principalId");
        if (account != null && user != null) {
          return simple(
              "arn:aws:iam::" + account + ":user/" + user, IdentityType.UNKNOWN, onBehalfOf);
        }
        if (account != null && principalId != null) {
          return simple(
              "aws:account/" + account + "/principal/" + principalId,
              IdentityType.UNKNOWN,
              onBehalfOf);
        }
        throw MappingException.missing("userIdentity.arn");
    }
  }

  private static AwsPrincipal assumedRole(JsonNode ui, String arn, String onBehalfOf) {
    String roleArn = Json.text(ui, "sessionContext", "sessionIssuer", "arn");
    if (roleArn == null) {
      roleArn = roleArnOfSession(required(arn));
    }
    String sessionName = lastSegment(arn);
    String roleName = Json.text(ui, "sessionContext", "sessionIssuer", "userName");
    if (roleName == null) {
      roleName = lastSegment(roleArn);
    }
    boolean ec2 =
        Json.text(ui, "sessionContext", "ec2RoleDelivery") != null
            || (sessionName != null && INSTANCE_ID.matcher(sessionName).matches());
    if (ec2) {
      return new AwsPrincipal(
          roleArn, IdentityType.WORKLOAD, arn, sessionName, ec2Context(sessionName), onBehalfOf);
    }
    if (roleName != null && roleName.startsWith(SSO_ROLE_PREFIX)) {
      // Identity Center permission-set roles: the session name is the person's user name.
      return new AwsPrincipal(
          roleArn,
          IdentityType.HUMAN,
          arn,
          sessionName,
          null,
          onBehalfOf != null ? onBehalfOf : sessionName);
    }
    return new AwsPrincipal(
        roleArn, IdentityType.SERVICE_ACCOUNT, arn, sessionName, null, onBehalfOf);
  }

  /** The credential context of EC2 instance-profile credentials delivered to {@code instanceId}. */
  static String ec2Context(String instanceId) {
    return instanceId == null ? null : "aws:ec2:instance/" + instanceId;
  }

  /**
   * {@code arn:aws:sts::123:assumed-role/Name/session} → {@code arn:aws:iam::123:role/Name}. A role
   * path is not in the session ARN; CloudTrail's {@code sessionIssuer.arn} has it and wins.
   */
  static String roleArnOfSession(String sessionArn) {
    int marker = sessionArn.indexOf(":assumed-role/");
    if (marker < 0) {
      return sessionArn;
    }
    String prefix = sessionArn.substring(0, marker).replace(":sts:", ":iam:");
    String rest = sessionArn.substring(marker + ":assumed-role/".length());
    int slash = rest.indexOf('/');
    return prefix + ":role/" + (slash < 0 ? rest : rest.substring(0, slash));
  }

  static String rootArn(String account) {
    return "arn:aws:iam::" + required(account) + ":root";
  }

  static String lastSegment(String arn) {
    if (arn == null) {
      return null;
    }
    int slash = arn.lastIndexOf('/');
    return slash < 0 || slash == arn.length() - 1 ? null : arn.substring(slash + 1);
  }

  private static AwsPrincipal simple(String id, IdentityType type, String onBehalfOf) {
    return new AwsPrincipal(id, type, null, null, null, onBehalfOf);
  }

  private static String required(String value) {
    if (value == null) {
      throw MappingException.missing("userIdentity.arn");
    }
    return value;
  }
}
