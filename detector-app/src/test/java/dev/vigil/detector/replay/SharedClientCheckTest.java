package dev.vigil.detector.replay;

import static dev.vigil.detector.fixtures.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.Finding;
import dev.vigil.detector.fixtures.TestPacks;
import dev.vigil.events.IdentityType;
import dev.vigil.events.ResponseAction;
import dev.vigil.events.Severity;
import dev.vigil.rules.RuleKind;
import dev.vigil.rules.RulePack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The address side of {@code token_shared_client} with plain calls, state through its codec. */
class SharedClientCheckTest {

  static final Duration GRACE = Duration.ofMinutes(2);
  static final RulePack PACK =
      TestPacks.pack(
          10,
          List.of(
              TestPacks.rule(
                  "shared",
                  RuleKind.TOKEN_SHARED_CLIENT,
                  Severity.HIGH,
                  ResponseAction.NONE,
                  Map.of(
                      "window",
                      Duration.ofMinutes(10),
                      "max_sightings_per_address",
                      3,
                      "other_side_types",
                      List.of("HUMAN", "UNKNOWN")))));

  private final ClientSightingsCodec codec = new ClientSightingsCodec();
  private ClientSightings state = new ClientSightings();

  static ClientSighting person(String id, long second, String identity) {
    return new ClientSighting(
        "18.0.0.1",
        "cli/1",
        identity,
        IdentityType.UNKNOWN,
        "AKIA",
        null,
        "aws:ssm",
        id,
        at(second));
  }

  static ClientSighting delivered(String id, long second, String identity) {
    return new ClientSighting(
        "18.0.0.1",
        "cli/1",
        identity,
        IdentityType.WORKLOAD,
        "ASIA-" + identity,
        "aws:ec2:instance/i-1",
        "aws:sts",
        id,
        at(second));
  }

  private List<Finding> see(ClientSighting s) {
    state = codec.decode(codec.encode(state));
    return SharedClientCheck.onSighting(state, s, PACK, GRACE);
  }

  @Test
  void aPairExactlyAWindowApartIsOneClientAndOneSecondMoreIsNot() {
    assertThat(see(person("p-1", 0, "user"))).isEmpty();
    assertThat(see(delivered("d-1", 600, "role"))).hasSize(1);

    state = new ClientSightings();
    see(person("p-1", 0, "user"));
    assertThat(see(delivered("d-1", 601, "role"))).isEmpty();
  }

  @Test
  void theClosestPartnerIsTheEvidenceAndThePairIsReportedOnce() {
    see(person("p-1", 0, "user"));
    see(person("p-2", 100, "user"));
    List<Finding> found = see(delivered("d-1", 130, "role"));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventIds()).containsExactly("p-2", "d-1");
              assertThat(f.identityId()).isEqualTo("role");
              assertThat(f.triggeredAt()).isEqualTo(at(130));
            });
    assertThat(see(delivered("d-2", 200, "role"))).isEmpty();
    // Another principal with the same client is new evidence.
    assertThat(see(person("p-3", 210, "other-user"))).hasSize(1);
  }

  @Test
  void aRepeatWithinAMinuteChangesNothingAndStateStaysCappedAndTimed() {
    see(person("p-1", 0, "user"));
    byte[] before = codec.encode(state);
    see(person("p-1", 0, "user"));
    see(person("p-1b", 59, "user"));
    assertThat(codec.encode(state)).isEqualTo(before);

    for (int i = 0; i < 10; i++) {
      see(person("q-" + i, 60 + i, "user-" + i));
    }
    assertThat(state.others).hasSize(3);
    assertThat(state.others)
        .extracting(ClientSighting::eventId)
        .containsExactly("q-7", "q-8", "q-9");

    see(person("late", 60 + 600 + 120 + 10, "user"));
    assertThat(state.others).extracting(ClientSighting::eventId).containsExactly("late");
    assertThat(SharedClientCheck.isExpired(state, at(790 + 720), PACK, GRACE)).isFalse();
    assertThat(SharedClientCheck.isExpired(state, at(790 + 721), PACK, GRACE)).isTrue();
  }
}
