package dev.vigil.adapters.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.adapters.common.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CloudTrail calls as IAM actions ({@code ec2:DescribeInstances}), the form both the contract's
 * {@code action}/{@code privilege} and rule-pack privilege patterns use, and the calls the adapter
 * marks privileged itself.
 */
final class AwsActions {

  // Services whose CloudTrail host differs from their IAM action prefix.
  private static final Map<String, String> PREFIX_OF_HOST =
      Map.of("monitoring", "cloudwatch", "email", "ses", "tagging", "tag");

  // Lambda (and a few others) log API versions in event names: UpdateFunctionCode20150331v2.
  private static final Pattern VERSION_SUFFIX = Pattern.compile("\\d{8}(v\\d+)?$");

  /**
   * Credential access, defence evasion and sharing-for-exfiltration calls that the default rule
   * pack's privilege patterns (iam writes, sts:AssumeRole*, kms:*, organizations:*, secret writes)
   * do not already cover. Reads of secret values are privileged: reading the secret is the harm.
   */
  private static final Set<String> PRIVILEGED =
      Set.of(
          "secretsmanager:getsecretvalue",
          "secretsmanager:batchgetsecretvalue",
          "ec2:getpassworddata",
          "ec2-instance-connect:sendsshpublickey",
          "ec2-instance-connect:sendserialconsolesshpublickey",
          "ec2:enableserialconsoleaccess",
          "ssm:startsession",
          "ssm:sendcommand",
          "cloudtrail:stoplogging",
          "cloudtrail:deletetrail",
          "cloudtrail:puteventselectors",
          "cloudtrail:updatetrail",
          "ec2:deleteflowlogs",
          "route53resolver:deleteresolverqueryconfig",
          "route53resolver:deleteresolverquerylogconfig",
          "ec2:modifysnapshotattribute",
          "ec2:modifyimageattribute",
          "rds:modifydbsnapshotattribute",
          "lambda:addpermission",
          "lambda:updatefunctioncode",
          "ec2:authorizesecuritygroupingress",
          "rolesanywhere:createtrustanchor");

  private static final Set<String> DECRYPTING_READS =
      Set.of("ssm:getparameter", "ssm:getparameters", "ssm:getparametersbypath");

  private AwsActions() {}

  /** {@code ec2.amazonaws.com} → {@code ec2}. */
  static String service(String eventSource) {
    String host = eventSource.toLowerCase(Locale.ROOT);
    int dot = host.indexOf('.');
    String service = dot < 0 ? host : host.substring(0, dot);
    return PREFIX_OF_HOST.getOrDefault(service, service);
  }

  /** {@code lambda} + {@code UpdateFunctionCode20150331v2} → {@code lambda:UpdateFunctionCode}. */
  static String action(String service, String eventName) {
    String name = VERSION_SUFFIX.matcher(eventName).replaceFirst("");
    return service + ":" + (name.isEmpty() ? eventName : name);
  }

  static boolean privileged(String action, JsonNode requestParameters) {
    String key = action.toLowerCase(Locale.ROOT);
    if (PRIVILEGED.contains(key)) {
      return true;
    }
    // Parameter reads are privileged when they decrypt SecureStrings.
    return DECRYPTING_READS.contains(key) && Json.isTrue(requestParameters, "withDecryption");
  }
}
