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
 * selected by Stratus's user agent): the stolen key's two uses, from the operator's address, and
 * none of the instance's own. Under the default pack the first public network of the key is
 * therefore the thief's and nothing fires; an estate that declares where its instances call from
 * (learn_first_network false, egress as exceptions) convicts the first stolen use; and with the
 * instance's own earlier use in the trail, as a full trail has it, the default pack convicts too.
 */
class StratusReplayTest {

  static final Path STRATUS =
      Path.of("../adapters/src/test/resources/realdata/cloudtrail/stratus-red-team");
  static final String THEFT = "aws.credential-access.ec2-steal-instance-credentials.json";
  static final String STOLEN_KEY = "ASIAP5CT9NN8EYVU1FXV";
  static final String RULE = "replay-delivered-credential-off-network";

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void theDefaultPackRaisesNothingOnAnyCaptureAlone() throws IOException {
    assertThat(alertsPerCapture(RulePacks.defaultPack()))
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
            "TOKEN_REPLAY " + RULE + " " + STOLEN_KEY + " b379479b-05c9-4c3c-af4b-cbd43acf29e1");
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
                + " instance-own-use,b379479b-05c9-4c3c-af4b-cbd43acf29e1");
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
