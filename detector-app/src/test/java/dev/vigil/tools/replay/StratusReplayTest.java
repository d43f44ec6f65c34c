package dev.vigil.tools.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.adapters.SourceAdapters;
import dev.vigil.detector.Detectors;
import dev.vigil.events.Alert;
import dev.vigil.rules.RulePack;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.tools.adapt.VendorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Stratus Red Team CloudTrail capture (35 real detonations, provenance in the README beside
 * them) replayed through the production topology as {@code vigil replay --source cloudtrail} does,
 * each on its own, with the exact alerts each raises.
 *
 * <p>The instance-credential-theft capture holds only the calls Stratus made (its records were
 * selected by Stratus's user agent): the operator's IAM user {@code christophe} sending the SSM
 * command to the instance and polling it, then the stolen key's two uses, from the same address
 * with the same user agent, and none of the instance's own. The first public network of the key is
 * therefore the thief's, and {@code replay-delivered-credential-off-network} learns it and stays
 * silent; {@code replay-delivered-credential-shared-client} sees one client acting as two
 * principals (the user's long-term key and the instance's delivered credential) and convicts the
 * stolen key, and nothing else, under the default pack. An estate that declares where its instances
 * call from (learn_first_network false, egress as exceptions) convicts the first stolen use
 * off-network too; and with the instance's own earlier use in the trail, as a full trail has it, so
 * does the default pack's off-network rule.
 */
class StratusReplayTest {

  static final Path STRATUS =
      Path.of("../adapters/src/test/resources/realdata/cloudtrail/stratus-red-team");
  static final String THEFT = "aws.credential-access.ec2-steal-instance-credentials.json";
  static final String STOLEN_KEY = "ASIAP5CT9NN8EYVU1FXV";
  static final String RULE = "replay-delivered-credential-off-network";
  static final String SHARED = "replay-delivered-credential-shared-client";

  /**
   * Christophe's call at 08:23:54 (his sighting closest to the theft: one a minute is sent, the
   * first at 08:22:39) and the stolen key's GetCallerIdentity a second later.
   */
  static final String SHARED_CLIENT_ALERT =
      "TOKEN_REPLAY "
          + SHARED
          + " "
          + STOLEN_KEY
          + " a03d1afb-d68a-4e53-be36-17be89b1a3ee,b379479b-05c9-4c3c-af4b-cbd43acf29e1";

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void theDefaultPackConvictsOnlyTheStolenKeyAndNothingInTheOtherCaptures() throws IOException {
    Map<String, List<String>> alerts = alertsPerCapture(RulePacks.defaultPack());

    assertThat(alerts.remove(THEFT)).containsExactly(SHARED_CLIENT_ALERT);
    assertThat(alerts).hasSize(34).allSatisfy((f, a) -> assertThat(a).as(f).isEmpty());
  }

  @Test
  void withoutTheSharedClientRuleTheDefaultPackRaisesNothingOnAnyCaptureAlone() throws IOException {
    RulePack withoutSharedClient =
        RulePacks.parse(
            RulePacks.defaultPackText()
                .replace(
                    "kind: token_shared_client\n",
                    "kind: token_shared_client\n    enabled: false\n"),
            "without-shared-client.yaml");

    assertThat(alertsPerCapture(withoutSharedClient))
        .hasSize(35)
        .allSatisfy((f, a) -> assertThat(a).as(f).isEmpty());
  }

  @Test
  void anEstateListingItsInstanceEgressConvictsOnlyTheStolenKey() throws IOException {
    RulePack declared =
        RulePacks.parse(
            RulePacks.defaultPackText()
                .replace("learn_first_network: true", "learn_first_network: false"),
            "declared-egress.yaml");

    Map<String, List<String>> alerts = alertsPerCapture(declared);

    assertThat(alerts.remove(THEFT))
        .containsExactly(
            "TOKEN_REPLAY " + RULE + " " + STOLEN_KEY + " b379479b-05c9-4c3c-af4b-cbd43acf29e1",
            SHARED_CLIENT_ALERT);
    assertThat(alerts).hasSize(34).allSatisfy((f, a) -> assertThat(a).as(f).isEmpty());
  }

  @Test
  void withTheInstancesOwnUseInTheTrailTheDefaultPackConvictsTheStolenKey() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ArrayNode records = (ArrayNode) json.readTree(STRATUS.resolve(THEFT).toFile());
    ArrayNode withInstance = records.deepCopy();
    withInstance.add(instancesOwnUse(records));
    Path trail = tmp.resolve("with-instance.json");
    json.writeValue(trail.toFile(), withInstance);

    List<String> alerts = replay(RulePacks.defaultPack(), trail);

    assertThat(alerts)
        .containsExactly(
            "TOKEN_REPLAY "
                + RULE
                + " "
                + STOLEN_KEY
                + " instance-own-use,b379479b-05c9-4c3c-af4b-cbd43acf29e1",
            SHARED_CLIENT_ALERT);
  }

  /**
   * Not a recorded event: what the filtered-out part of the trail holds, the SSM agent on the
   * instance using the same role key (same session, same key id) a minute after delivery, from an
   * address in another block than the operator's. Built from the stolen use's record so every other
   * field is CloudTrail's own.
   */
  private static ObjectNode instancesOwnUse(ArrayNode records) {
    ObjectNode stolen = null;
    for (var r : records) {
      if ("GetCallerIdentity".equals(r.path("eventName").asText())) {
        stolen = (ObjectNode) r;
      }
    }
    ObjectNode own = stolen.deepCopy();
    own.put("eventID", "instance-own-use");
    own.put("eventTime", "2024-08-02T08:21:52Z");
    own.put("eventSource", "ssm.amazonaws.com");
    own.put("eventName", "UpdateInstanceInformation");
    own.put("sourceIPAddress", "54.201.7.10");
    own.put("userAgent", "aws-sdk-go/1.44.0 (go1.20; linux; amd64) amazon-ssm-agent/3.3.0");
    return own;
  }

  private Map<String, List<String>> alertsPerCapture(RulePack pack) throws IOException {
    Map<String, List<String>> alerts = new TreeMap<>();
    try (Stream<Path> files = Files.list(STRATUS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        alerts.put(file.getFileName().toString(), replay(pack, file));
      }
    }
    return alerts;
  }

  private static List<String> replay(RulePack pack, Path file) throws IOException {
    VendorFiles.Adapted adapted =
        VendorFiles.read(SourceAdapters.byName("cloudtrail"), List.of(file));
    ReplayResult result =
        new ReplayRunner(pack, Detectors.all(), false, CLOCK).run(adapted.events());
    return result.alerts().stream().map(StratusReplayTest::describe).toList();
  }

  private static String describe(Alert a) {
    return a.getDetection()
        + " "
        + a.getRuleId()
        + " "
        + a.getTokenId()
        + " "
        + String.join(",", a.getEventIds());
  }
}
