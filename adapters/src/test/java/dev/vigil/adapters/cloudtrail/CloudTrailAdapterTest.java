package dev.vigil.adapters.cloudtrail;

import static dev.vigil.adapters.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.adapters.AdapterConfig;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.Reasons;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.adapters.enrich.NetworkInfo;
import dev.vigil.adapters.testing.NoSecrets;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.TokenUseEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CloudTrail shapes the Stratus corpus does not hold, written from the CloudTrail record contents
 * reference ("CloudTrail record contents for management, data, and network activity events",
 * "CloudTrail userIdentity element", "AWS STS API calls in CloudTrail" examples).
 */
class CloudTrailAdapterTest {

  private final SourceAdapter adapter = SourceAdapters.byName("cloudtrail");

  private static final String INSTANCE_PROFILE_ISSUANCE =
      """
      {"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},
       "eventTime":"2024-08-02T08:20:52Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole",
       "awsRegion":"us-west-2","sourceIPAddress":"ec2.amazonaws.com","userAgent":"ec2.amazonaws.com",
       "requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/web-role","roleSessionName":"i-0abc1234def567890"},
       "responseElements":{"credentials":{"accessKeyId":"ASIAEXAMPLEINSTANCE1","sessionToken":"IQoJb3JpZ2luX2VjEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE","expiration":"Aug 2, 2024, 2:20:52 PM"},
         "assumedRoleUser":{"assumedRoleId":"AROAEXAMPLE:i-0abc1234def567890","arn":"arn:aws:sts::111122223333:assumed-role/web-role/i-0abc1234def567890"}},
       "requestID":"r-1","eventID":"e-issuance","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,
       "recipientAccountId":"111122223333","eventCategory":"Management"}
      """;

  private static String instanceRoleUse(String eventId, String ip, String vpce) {
    return """
        {"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:i-0abc1234def567890",
          "arn":"arn:aws:sts::111122223333:assumed-role/web-role/i-0abc1234def567890","accountId":"111122223333",
          "accessKeyId":"ASIAEXAMPLEINSTANCE1","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE",
          "arn":"arn:aws:iam::111122223333:role/web-role","accountId":"111122223333","userName":"web-role"},
          "attributes":{"creationDate":"2024-08-02T08:20:52Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},
         "eventTime":"2024-08-02T09:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-west-2",
         "sourceIPAddress":"%s","userAgent":"[aws-sdk-java/2.25.0 Linux/6.1]","requestParameters":{"bucketName":"shop-data","key":"orders.csv"},
         "responseElements":null,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::shop-data/orders.csv"}],
         "eventID":"%s","readOnly":true,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333",
         "vpcEndpointId":%s,"eventCategory":"Data"}
        """
        .formatted(ip, eventId, vpce == null ? "null" : "\"" + vpce + "\"");
  }

  @Test
  void instanceProfileCredentialsAreBoundToTheirInstanceAndAUseFromElsewhereShowsAnotherNetwork() {
    AdapterConfig config =
        AdapterConfig.defaults()
            .withEnricher(
                address ->
                    address.getHostAddress().startsWith("10.")
                        ? NetworkInfo.UNKNOWN
                        : address.getHostAddress().equals("203.0.113.50")
                            ? new NetworkInfo(64500L, "EXAMPLE-TRANSIT", "NL")
                            : NetworkInfo.UNKNOWN);
    SourceAdapter enriching = SourceAdapters.byName("cloudtrail", config);

    AdapterResult issuance = enriching.map(json(INSTANCE_PROFILE_ISSUANCE));
    assertThat(issuance.events()).hasSize(1);
    AuthEvent issued = (AuthEvent) issuance.events().get(0);
    assertThat(issued.getKind()).isEqualTo(AuthEventKind.TOKEN_ISSUED);
    assertThat(issued.getIdentityId()).isEqualTo("arn:aws:iam::111122223333:role/web-role");
    assertThat(issued.getIdentityType()).isEqualTo(IdentityType.WORKLOAD);
    assertThat(issued.getTokenId()).isEqualTo("ASIAEXAMPLEINSTANCE1");
    assertThat(issued.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-08-02T14:20:52Z"));
    assertThat(issued.getSource().getWorkloadId())
        .isEqualTo("aws:ec2:instance/i-0abc1234def567890");
    assertThat(issued.getSource().getIp()).isNull();
    assertThat(issued.getAttributes())
        .containsEntry("aws_issued_to_service", "ec2.amazonaws.com")
        .containsEntry("aws_source_service", "ec2.amazonaws.com");

    TokenUseEvent inside =
        (TokenUseEvent)
            enriching
                .map(json(instanceRoleUse("e-inside", "10.1.2.3", "vpce-0123456789abcdef0")))
                .events()
                .get(0);
    TokenUseEvent outside =
        (TokenUseEvent)
            enriching.map(json(instanceRoleUse("e-outside", "203.0.113.50", null))).events().get(0);

    // Same token, same delivered context: the instance the credential belongs to.
    assertThat(inside.getTokenId()).isEqualTo(outside.getTokenId()).isEqualTo(issued.getTokenId());
    assertThat(inside.getAttributes().get("credential_context"))
        .isEqualTo(outside.getAttributes().get("credential_context"))
        .isEqualTo(issued.getSource().getWorkloadId());
    assertThat(inside.getIdentityType()).isEqualTo(IdentityType.WORKLOAD);
    assertThat(inside.getResource()).isEqualTo("arn:aws:s3:::shop-data/orders.csv");
    assertThat(inside.getAction()).isEqualTo("s3:GetObject");
    // What stands in for the caller's workload: the VPC endpoint inside, a foreign network outside.
    assertThat(inside.getAttributes())
        .containsEntry("aws_vpc_endpoint_id", "vpce-0123456789abcdef0");
    assertThat(outside.getAttributes()).doesNotContainKey("aws_vpc_endpoint_id");
    assertThat(inside.getSource().getAsn()).isNull();
    assertThat(outside.getSource().getAsn()).isEqualTo(64500L);
    assertThat(outside.getSource().getCountry()).isEqualTo("NL");
    assertThat(outside.getAttributes()).containsEntry("source_as_org", "EXAMPLE-TRANSIT");
    assertThat(inside.getSource().getUserAgent()).isEqualTo("[aws-sdk-java/2.25.0 Linux/6.1]");
    assertThat(inside.getAttributes()).containsEntry("user_agent_family", "aws-sdk-java");
    NoSecrets.assertNoSecretsIn(List.of(issuance), "IQoJb3JpZ2lu");
  }

  @Test
  void webIdentityFederationBindsTheCredentialToTheWorkloadTheIdpVouchedFor() {
    AdapterResult result =
        adapter.map(
            json(
                """
                {"eventVersion":"1.08","userIdentity":{"type":"WebIdentityUser","principalId":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sts.amazonaws.com:system:serviceaccount:shop:web",
                  "userName":"system:serviceaccount:shop:web","identityProvider":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
                 "eventTime":"2024-12-01T08:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRoleWithWebIdentity","awsRegion":"us-west-2",
                 "sourceIPAddress":"52.10.20.30","userAgent":"aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22.5",
                 "requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/shop-web","roleSessionName":"botocore-session-1733040000","webIdentityToken":"eyJhbGciOiJSUzI1NiIsImtpZCI6IkFCQyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDp3ZWIifQ.c2lnbmF0dXJlLWZha2U"},
                 "responseElements":{"credentials":{"accessKeyId":"ASIAEXAMPLEIRSA00001","sessionToken":"IQoJb3JpZ2luX2VjEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE","expiration":"2024-12-01T09:00:00Z"},
                   "subjectFromWebIdentityToken":"system:serviceaccount:shop:web","audience":"sts.amazonaws.com",
                   "assumedRoleUser":{"assumedRoleId":"AROAEXAMPLE:botocore-session-1733040000","arn":"arn:aws:sts::111122223333:assumed-role/shop-web/botocore-session-1733040000"},
                   "provider":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
                 "eventID":"e-irsa","eventType":"AwsApiCall","recipientAccountId":"111122223333"}
                """));
    assertThat(result.events()).hasSize(1);
    AuthEvent issued = (AuthEvent) result.events().get(0);
    assertThat(issued.getIdentityId()).isEqualTo("arn:aws:iam::111122223333:role/shop-web");
    assertThat(issued.getIdentityType()).isEqualTo(IdentityType.WORKLOAD);
    assertThat(issued.getTokenId()).isEqualTo("ASIAEXAMPLEIRSA00001");
    assertThat(issued.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-12-01T09:00:00Z"));
    assertThat(issued.getSource().getWorkloadId()).isEqualTo("system:serviceaccount:shop:web");
    assertThat(issued.getIssuer()).startsWith("arn:aws:iam::111122223333:oidc-provider/oidc.eks");
    NoSecrets.assertNoSecretsIn(List.of(result), "IQoJb3JpZ2lu", "eyJ");
  }

  @Test
  void aFailedFederationIsAFailedLoginOfTheRole() {
    AuthEvent login =
        (AuthEvent)
            adapter
                .map(
                    json(
                        """
                        {"eventVersion":"1.08","userIdentity":{"type":"WebIdentityUser","principalId":"token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/app:ref:refs/heads/main","userName":"repo:acme/app:ref:refs/heads/main","identityProvider":"token.actions.githubusercontent.com"},
                         "eventTime":"2024-12-01T08:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRoleWithWebIdentity",
                         "sourceIPAddress":"20.1.2.3","userAgent":"aws-sdk-js/3.0","errorCode":"InvalidIdentityToken","errorMessage":"Incorrect token audience",
                         "requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/deploy","roleSessionName":"GitHubActions"},
                         "responseElements":null,"eventID":"e-oidc-fail","eventType":"AwsApiCall","recipientAccountId":"111122223333"}
                        """))
                .events()
                .get(0);
    assertThat(login.getKind()).isEqualTo(AuthEventKind.LOGIN);
    assertThat(login.getOutcome()).isEqualTo(Outcome.FAILURE);
    assertThat(login.getIdentityId()).isEqualTo("arn:aws:iam::111122223333:role/deploy");
    assertThat(login.getAttributes()).containsEntry("aws_error_code", "InvalidIdentityToken");
  }

  @Test
  void accessKeyDeletionAndDeactivationAreRevocations() {
    String template =
        """
        {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/admin","accountId":"111122223333","accessKeyId":"AKIAADMINEXAMPLE0001","userName":"admin"},
         "eventTime":"2024-12-01T08:00:00Z","eventSource":"iam.amazonaws.com","eventName":"%s","sourceIPAddress":"192.0.2.1","userAgent":"aws-cli/2.15.0",
         "requestParameters":{"userName":"ci-bot","accessKeyId":"AKIACIBOTEXAMPLE0001"%s},"responseElements":null,"eventID":"%s","eventType":"AwsApiCall","recipientAccountId":"111122223333"}
        """;
    AuthEvent deleted =
        (AuthEvent)
            adapter.map(json(template.formatted("DeleteAccessKey", "", "e-del"))).events().get(1);
    assertThat(deleted.getKind()).isEqualTo(AuthEventKind.TOKEN_REVOKED);
    assertThat(deleted.getTokenId()).isEqualTo("AKIACIBOTEXAMPLE0001");
    assertThat(deleted.getIdentityId()).isEqualTo("arn:aws:iam::111122223333:user/ci-bot");
    assertThat(deleted.getEventId()).isEqualTo("e-del#token-revoked");

    AuthEvent deactivated =
        (AuthEvent)
            adapter
                .map(
                    json(
                        template.formatted("UpdateAccessKey", ",\"status\":\"Inactive\"", "e-off")))
                .events()
                .get(1);
    assertThat(deactivated.getKind()).isEqualTo(AuthEventKind.TOKEN_REVOKED);
    assertThat(
            adapter
                .map(json(template.formatted("UpdateAccessKey", ",\"status\":\"Active\"", "e-on")))
                .events())
        .hasSize(1);
  }

  @Test
  void recordsWithoutACredentialUseAreSkippedWithAReason() {
    assertThat(
            adapter.map(
                json(
                    """
        {"eventVersion":"1.08","userIdentity":{"accountId":"111122223333","invokedBy":"AWS Internal"},"eventTime":"2024-12-01T08:00:00Z",
         "eventSource":"kms.amazonaws.com","eventName":"RotateKey","eventType":"AwsServiceEvent","eventID":"e-svc","recipientAccountId":"111122223333"}
        """)))
        .isEqualTo(AdapterResult.skipped(Reasons.IRRELEVANT_EVENT_TYPE));
    assertThat(
            adapter.map(
                json(
                    """
        {"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"},"eventTime":"2024-12-01T08:00:00Z",
         "eventSource":"s3.amazonaws.com","eventName":"PutObject","sourceIPAddress":"cloudtrail.amazonaws.com","eventType":"AwsApiCall","eventID":"e-svc2"}
        """)))
        .isEqualTo(AdapterResult.skipped(Reasons.AWS_SERVICE_CALLER));
  }

  @Test
  void brokenRecordsAreUnmappableNamingTheField() {
    ObjectNode good = (ObjectNode) json(instanceRoleUse("e-1", "10.1.2.3", null));
    assertThat(adapter.map(good).isMapped()).isTrue();

    assertThat(adapter.map(without(good, "eventID")).reason()).isEqualTo("missing-field:eventID");
    assertThat(adapter.map(without(good, "userIdentity")).reason())
        .isEqualTo("missing-field:userIdentity");
    ObjectNode badTime = good.deepCopy();
    badTime.put("eventTime", "yesterday");
    assertThat(adapter.map(badTime).reason()).isEqualTo("invalid-field:eventTime");
    ObjectNode noArn = good.deepCopy();
    ((ObjectNode) noArn.path("userIdentity")).remove(List.of("arn", "sessionContext"));
    assertThat(adapter.map(noArn).reason()).isEqualTo("missing-field:userIdentity.arn");
    assertThat(adapter.map(json("{\"hello\":\"world\"}")).reason())
        .isEqualTo(Reasons.UNRECOGNISED_SHAPE);
    assertThat(adapter.map(json("[1,2]")).reason()).isEqualTo(Reasons.NOT_AN_OBJECT);
    assertThat(adapter.map(null).status()).isEqualTo(AdapterResult.Status.UNMAPPABLE);
  }

  @Test
  void recordsInsideShipperEnvelopesAreFound() {
    String record = instanceRoleUse("e-env", "10.1.2.3", null).replace("\n", "");
    ObjectNode plain = (ObjectNode) json(record);
    TokenUseEvent expected = (TokenUseEvent) adapter.map(plain).events().get(0);

    ObjectNode fluentBit = json("{\"date\":1733040000.123}").deepCopy();
    fluentBit.put("log", record);
    ObjectNode vector =
        json("{\"host\":\"collector-1\",\"source_type\":\"file\",\"file\":\"/var/log/ct.json\"}")
            .deepCopy();
    vector.put("message", record);
    ObjectNode eventBridge =
        json("{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\"}")
            .deepCopy();
    eventBridge.set("detail", plain);
    ObjectNode cloudWatch =
        json("{\"id\":\"3828209341821\",\"timestamp\":1733040000000}").deepCopy();
    cloudWatch.put("message", record);
    ObjectNode addedFields = plain.deepCopy();
    addedFields.put("@timestamp", "2024-08-02T09:00:01Z").put("kubernetes_host", "node-1");

    for (JsonNode wrapped : List.of(fluentBit, vector, eventBridge, cloudWatch, addedFields)) {
      assertThat(adapter.map(wrapped).events()).as("%s", wrapped).containsExactly(expected);
    }
    ObjectNode notJson = json("{\"log\":\"GET /healthz 200\"}").deepCopy();
    assertThat(adapter.map(notJson).reason()).isEqualTo(Reasons.UNRECOGNISED_SHAPE);
  }

  @Test
  void serviceNamesInTheAddressFieldAreNotAddresses() {
    ObjectNode record = (ObjectNode) json(instanceRoleUse("e-internal", "AWS Internal", null));
    TokenUseEvent use = (TokenUseEvent) adapter.map(record).events().get(0);
    assertThat(use.getSource().getIp()).isNull();
    assertThat(use.getAttributes()).containsEntry("aws_source_service", "AWS Internal");
  }

  @Test
  void decryptingParameterReadsArePrivilegedPlainOnesAreNot() {
    String template =
        """
        {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/app","accountId":"111122223333","accessKeyId":"AKIAAPPEXAMPLE000001","userName":"app"},
         "eventTime":"2024-12-01T08:00:00Z","eventSource":"ssm.amazonaws.com","eventName":"GetParameters","sourceIPAddress":"192.0.2.1","userAgent":"Boto3/1.34.0",
         "requestParameters":{"names":["/shop/db/password"],"withDecryption":%s},"eventID":"e-ssm","eventType":"AwsApiCall"}
        """;
    assertThat(
            ((TokenUseEvent) adapter.map(json(template.formatted("true"))).events().get(0))
                .getPrivileged())
        .isTrue();
    assertThat(
            ((TokenUseEvent) adapter.map(json(template.formatted("false"))).events().get(0))
                .getPrivileged())
        .isFalse();
  }

  private static ObjectNode without(ObjectNode record, String field) {
    ObjectNode copy = record.deepCopy();
    copy.remove(field);
    return copy;
  }
}
