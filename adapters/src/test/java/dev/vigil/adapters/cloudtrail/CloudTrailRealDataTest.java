package dev.vigil.adapters.cloudtrail;

import static dev.vigil.adapters.testing.Fixtures.auth;
import static dev.vigil.adapters.testing.Fixtures.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.adapters.AdapterResult;
import dev.vigil.adapters.SourceAdapter;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.adapters.VendorFileReader;
import dev.vigil.adapters.testing.Fixtures;
import dev.vigil.adapters.testing.NoSecrets;
import dev.vigil.events.AuthEvent;
import dev.vigil.events.AuthEventKind;
import dev.vigil.events.IdentityType;
import dev.vigil.events.Outcome;
import dev.vigil.events.Source;
import dev.vigil.events.TokenUseEvent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CloudTrail adapter over 310 real records captured while Stratus Red Team techniques were
 * detonated (provenance in the corpus README). Every record must be accounted for, a few are
 * checked field by field, and no output may carry a secret.
 */
class CloudTrailRealDataTest {

  private static final String CORPUS = "/realdata/cloudtrail/stratus-red-team";

  private static final SourceAdapter ADAPTER = SourceAdapters.byName("cloudtrail");
  private static final List<JsonNode> RECORDS = new ArrayList<>();
  private static final List<AdapterResult> RESULTS = new ArrayList<>();
  private static int files;

  @BeforeAll
  static void mapCorpus() throws IOException, URISyntaxException {
    Path dir = Path.of(CloudTrailRealDataTest.class.getResource(CORPUS).toURI());
    List<Path> jsonFiles;
    try (Stream<Path> listing = Files.list(dir)) {
      jsonFiles = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    files = jsonFiles.size();
    for (Path file : jsonFiles) {
      try (VendorFileReader reader = VendorFileReader.open(file)) {
        assertThat(reader.shape()).isEqualTo(VendorFileReader.Shape.JSON_ARRAY);
        reader.forEachRemaining(
            record -> {
              assertThat(record.readable()).as("%s %s", file, record.location()).isTrue();
              RECORDS.add(record.json());
              RESULTS.add(ADAPTER.map(record.json()));
            });
      }
    }
  }

  @Test
  void everyRecordIsAccountedFor() {
    assertThat(files).isEqualTo(35);
    assertThat(RECORDS).hasSize(310);
    // Every record is a credentialed API call or a console sign-in: none is skipped, none fails.
    assertThat(Fixtures.accounting(RESULTS)).containsExactly(entry("MAPPED", 310));
    assertThat(Fixtures.eventKinds(RESULTS))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("use", 309, "TOKEN_ISSUED", 9, "CREDENTIAL_CREATED", 2, "LOGIN", 1));
    Map<Outcome, Long> outcomes = new java.util.EnumMap<>(Outcome.class);
    Fixtures.uses(RESULTS).forEach(u -> outcomes.merge(u.getOutcome(), 1L, Long::sum));
    assertThat(outcomes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Outcome.SUCCESS, 257L, Outcome.DENIED, 51L, Outcome.FAILURE, 1L));
  }

  @Test
  void eventIdsAreUniqueAndStable() {
    Set<String> ids = new HashSet<>();
    for (SpecificRecord event : Fixtures.events(RESULTS)) {
      String id =
          event instanceof AuthEvent a ? a.getEventId() : ((TokenUseEvent) event).getEventId();
      assertThat(ids.add(id)).as("duplicate event id %s", id).isTrue();
    }
    // Mapping again gives the same events: ids come from the record, not from a clock or counter.
    assertThat(RECORDS.stream().map(ADAPTER::map).toList()).isEqualTo(RESULTS);
  }

  @Test
  void assumeRoleIsTheCallersUseAndTheIssuanceOfTheNewCredential() {
    List<AdapterResult> result = List.of(mapped("cf589cd4-9633-4cc6-9b5c-c74f5a735fa5"));

    TokenUseEvent call = use(result, u -> true);
    assertThat(call.getEventId()).isEqualTo("cf589cd4-9633-4cc6-9b5c-c74f5a735fa5");
    assertThat(call.getEventTime()).isEqualTo(Instant.parse("2024-07-31T19:52:33Z"));
    assertThat(call.getIdentityId()).isEqualTo("arn:aws:iam::321848314756:user/christophe");
    assertThat(call.getTokenId()).isEqualTo("AKIAMJ2320ZAXACWCPJI");
    assertThat(call.getTool()).isEqualTo("aws:sts");
    assertThat(call.getAction()).isEqualTo("sts:AssumeRole");
    assertThat(call.getPrivilege()).isEqualTo("sts:AssumeRole");
    assertThat(call.getResource())
        .isEqualTo("arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role");
    assertThat(call.getOutcome()).isEqualTo(Outcome.SUCCESS);

    AuthEvent issued = auth(result, a -> true);
    assertThat(issued.getEventId()).isEqualTo("cf589cd4-9633-4cc6-9b5c-c74f5a735fa5#token-issued");
    assertThat(issued.getEventTime()).isEqualTo(Instant.parse("2024-07-31T19:52:33Z"));
    assertThat(issued.getKind()).isEqualTo(AuthEventKind.TOKEN_ISSUED);
    assertThat(issued.getOutcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(issued.getIdentityId())
        .isEqualTo("arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role");
    assertThat(issued.getIdentityType()).isEqualTo(IdentityType.SERVICE_ACCOUNT);
    // The new temporary credential, not the caller's key; "Jul 31, 2024, 8:07:33 PM" is UTC.
    assertThat(issued.getTokenId()).isEqualTo("ASIA74KS09ZFFBFV9E6K");
    assertThat(issued.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-07-31T20:07:33Z"));
    assertThat(issued.getAudience()).isEqualTo("aws");
    assertThat(issued.getScopes())
        .containsExactly("arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role");
    assertThat(issued.getIssuer()).isEqualTo("sts.amazonaws.com");
    // The anonymised address is kept as written.
    assertThat(issued.getSource().getIp()).isEqualTo("255.18.064.253");
    assertThat(issued.getSource().getWorkloadId()).isNull();
    assertThat(issued.getAttributes())
        .containsEntry("aws_issued_by", "arn:aws:iam::321848314756:user/christophe")
        .containsEntry("aws_role_session_name", "aws-go-sdk-1722455550269043000")
        .containsEntry("aws_duration_seconds", "900")
        .containsEntry("aws_account_id", "321848314756")
        .containsEntry("aws_region", "apiso-westcentral-3r");
  }

  @Test
  void aDeniedAssumeRoleIsADeniedUseAndIssuesNothing() {
    AdapterResult result = mapped("4cf5dad6-648f-48eb-85a7-6181c5d79424");
    assertThat(result.events()).hasSize(1);
    TokenUseEvent call = (TokenUseEvent) result.events().get(0);
    assertThat(call.getOutcome()).isEqualTo(Outcome.DENIED);
    assertThat(call.getAttributes()).containsEntry("aws_error_code", "AccessDenied");
  }

  @Test
  void stolenInstanceCredentialsUsedFromOutsideCarryTheInstanceTheyWereDeliveredTo() {
    // aws.credential-access.ec2-steal-instance-credentials: the instance role's credentials, taken
    // from the instance through SSM, call DescribeInstances from the attacker's machine.
    TokenUseEvent use =
        (TokenUseEvent) mapped("394cf343-b9cf-48ce-8a94-e188656ae8ba").events().get(0);

    assertThat(use.getEventId()).isEqualTo("394cf343-b9cf-48ce-8a94-e188656ae8ba");
    assertThat(use.getEventTime()).isEqualTo(Instant.parse("2024-08-02T08:23:56Z"));
    assertThat(use.getIdentityId())
        .isEqualTo("arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role");
    assertThat(use.getIdentityType()).isEqualTo(IdentityType.WORKLOAD);
    assertThat(use.getTokenId()).isEqualTo("ASIAP5CT9NN8EYVU1FXV");
    assertThat(use.getTool()).isEqualTo("aws:ec2");
    assertThat(use.getAction()).isEqualTo("ec2:DescribeInstances");
    assertThat(use.getOutcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(use.getSessionId())
        .isEqualTo(
            "arn:aws:sts::017622104382:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-786a3A8B5C0d92eF4");
    assertThat(use.getSource())
        .isEqualTo(
            new Source(
                "18.236.253.47",
                null,
                null,
                "stratus-red-team_c763d13b-d099-488a-bb3e-f57cb2fed240",
                null,
                null));
    // CloudTrail does not say which workload called: the instance the session was delivered to is
    // context, not the caller's attested identity, so workload_id stays empty.
    assertThat(use.getAttributes())
        .containsEntry("credential_context", "aws:ec2:instance/i-786a3A8B5C0d92eF4")
        .containsEntry("aws_ec2_role_delivery", "1.0")
        .containsEntry("aws_role_session_name", "i-786a3A8B5C0d92eF4")
        .containsEntry("aws_session_created_at", "2024-08-02T08:20:52Z")
        .containsEntry("user_agent_family", "stratus-red-team")
        .doesNotContainKey("aws_vpc_endpoint_id");
  }

  @Test
  void consoleLoginWithoutMfaIsAHumanLogin() {
    AuthEvent login = (AuthEvent) mapped("865d9377-9c6b-4fd7-8aad-725e95f6a140").events().get(0);
    assertThat(login.getKind()).isEqualTo(AuthEventKind.LOGIN);
    assertThat(login.getOutcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(login.getEventTime()).isEqualTo(Instant.parse("2024-08-02T08:53:24Z"));
    assertThat(login.getIdentityId())
        .isEqualTo("arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl");
    assertThat(login.getIdentityType()).isEqualTo(IdentityType.HUMAN);
    assertThat(login.getTokenId()).isNull();
    assertThat(login.getIssuer()).isEqualTo("signin.amazonaws.com");
    assertThat(login.getSource().getIp()).isEqualTo("225.01.00.16");
    assertThat(login.getAttributes()).containsEntry("aws_mfa_used", "No");
  }

  @Test
  void issuedCredentialsMeetTheirLaterUsesByAccessKeyId() {
    // GetFederationToken mints ASIASTJKC5GCM7ZE6LUP; the federated user then calls with it.
    AuthEvent federation =
        (AuthEvent) mapped("6e882b9d-2af8-4c67-b91f-aeac6a0e5e70").events().get(1);
    assertThat(federation.getKind()).isEqualTo(AuthEventKind.TOKEN_ISSUED);
    assertThat(federation.getIdentityId())
        .isEqualTo("arn:aws:sts::742491224508:federated-user/stratus_red_team");
    assertThat(federation.getTokenExpiresAt()).isEqualTo(Instant.parse("2024-11-30T20:43:17Z"));
    TokenUseEvent followUp =
        (TokenUseEvent) mapped("91529247-c4c4-4793-afc8-d70bbcfe9d19").events().get(0);
    assertThat(followUp.getTokenId())
        .isEqualTo(federation.getTokenId())
        .isEqualTo("ASIASTJKC5GCM7ZE6LUP");
    assertThat(followUp.getIdentityId()).isEqualTo(federation.getIdentityId());

    // AssumeRole for the leave-organization role, then LeaveOrganization with that credential.
    List<String> issuedIds =
        Fixtures.auths(RESULTS, AuthEventKind.TOKEN_ISSUED).stream()
            .map(AuthEvent::getTokenId)
            .toList();
    TokenUseEvent leave =
        use(RESULTS, u -> u.getAction().equals("organizations:LeaveOrganization"));
    assertThat(issuedIds).contains(leave.getTokenId());
    assertThat(leave.getIdentityId())
        .isEqualTo("arn:aws:iam::307578594326:role/stratus-red-team-leave-org-role");
  }

  @Test
  void createAccessKeyIsACredentialCreatedForTheTargetUser() {
    AuthEvent created =
        auth(
            RESULTS,
            a ->
                a.getKind() == AuthEventKind.CREDENTIAL_CREATED
                    && a.getTokenId().equals("AKIAXAFZN8JEPF6L682H"));
    assertThat(created.getIdentityId())
        .isEqualTo("arn:aws:iam::229654561268:user/malicious-iam-user");
    assertThat(created.getAttributes())
        .containsEntry("aws_changed_by", "arn:aws:iam::229654561268:user/christophe");
  }

  @Test
  void credentialAccessCallsAreMarkedPrivileged() {
    assertThat(use(RESULTS, u -> u.getAction().equals("ec2:DeleteFlowLogs")).getPrivileged())
        .isTrue();
    assertThat(
            Fixtures.uses(RESULTS).stream()
                .filter(u -> u.getAction().equals("secretsmanager:GetSecretValue"))
                .allMatch(TokenUseEvent::getPrivileged))
        .isTrue();
    assertThat(
            Fixtures.uses(RESULTS).stream()
                .filter(u -> u.getAction().equals("ec2:DescribeInstances"))
                .noneMatch(TokenUseEvent::getPrivileged))
        .isTrue();
  }

  @Test
  void lambdaApiVersionSuffixesAreStrippedFromActions() {
    assertThat(Fixtures.uses(RESULTS).stream().map(TokenUseEvent::getAction))
        .contains("lambda:UpdateFunctionCode", "lambda:AddPermission")
        .noneMatch(action -> action.matches(".*\\d{8}v\\d+$"));
  }

  @Test
  void noSecretReachesAnyEvent() {
    // The corpus's sessionToken placeholder, and every credential shape, never appear.
    NoSecrets.assertNoSecretsIn(
        RESULTS, "REDACTED", "sessionToken", "HIDDEN_DUE_TO_SECURITY_REASONS");
  }

  @Test
  void injectedSecretsAreNeverCopied() {
    String sessionToken =
        "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtestonlytestonlytestonlytestonly"
            + "AiBtestonlytestonlytestonlytestonlytestonlyKvQDCF8QABoMMTIzNDU2Nzg5MDEy";
    String secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvYXBwIn0.c2lnbmF0dXJlLWZha2U";
    List<AdapterResult> results = new ArrayList<>();
    for (JsonNode original : RECORDS) {
      ObjectNode record = original.deepCopy();
      JsonNode credentials = record.path("responseElements").path("credentials");
      if (credentials.isObject()) {
        ((ObjectNode) credentials)
            .put("sessionToken", sessionToken)
            .put("secretAccessKey", secretKey);
      }
      if (record.path("requestParameters").isObject()) {
        ((ObjectNode) record.path("requestParameters"))
            .put("webIdentityToken", jwt)
            .put("password", secretKey);
      }
      record.put("userAgent", "aws-cli/2.15.0 Authorization: Bearer " + jwt);
      results.add(ADAPTER.map(record));
    }
    assertThat(Fixtures.accounting(results)).containsExactly(entry("MAPPED", 310));
    NoSecrets.assertNoSecretsIn(results, sessionToken, secretKey, jwt, "eyJ");
  }

  private static AdapterResult mapped(String eventId) {
    for (int i = 0; i < RECORDS.size(); i++) {
      if (eventId.equals(RECORDS.get(i).path("eventID").asText())) {
        assertThat(RESULTS.get(i).isMapped()).isTrue();
        return RESULTS.get(i);
      }
    }
    throw new AssertionError("no record " + eventId);
  }
}
