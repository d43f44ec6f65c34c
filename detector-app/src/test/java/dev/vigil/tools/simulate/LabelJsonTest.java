package dev.vigil.tools.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.events.Detection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelJsonTest {

  @Test
  void writesTheContractFieldsAndReadsThemBack() {
    CampaignLabel label =
        new CampaignLabel(
            "camp-007",
            Detection.TOKEN_REPLAY,
            "stolen_token_foreign_replay",
            true,
            "svc-billing@corp",
            "tok-1",
            Instant.parse("2026-11-03T10:00:00Z"),
            Instant.parse("2026-11-03T10:04:00.250Z"),
            List.of("e1", "e2"));

    String line = LabelJson.write(label);

    assertThat(line)
        .isEqualTo(
            "{\"campaign_id\":\"camp-007\",\"detection\":\"TOKEN_REPLAY\","
                + "\"scenario\":\"stolen_token_foreign_replay\",\"malicious\":true,\"identity_id\":\"svc-billing@corp\","
                + "\"token_id\":\"tok-1\",\"start\":\"2026-11-03T10:00:00Z\",\"end\":\"2026-11-03T10:04:00.250Z\","
                + "\"event_ids\":[\"e1\",\"e2\"]}");
    assertThat(LabelJson.parse(line)).isEqualTo(label);
  }

  @Test
  void writesAMissingTokenAsNull() {
    CampaignLabel label =
        new CampaignLabel(
            "camp-1",
            Detection.LATERAL_MOVEMENT,
            "tool_fanout",
            true,
            "agent:x",
            null,
            Instant.parse("2026-11-03T10:00:00Z"),
            Instant.parse("2026-11-03T10:00:00Z"),
            List.of("e1"));

    assertThat(LabelJson.write(label)).contains("\"token_id\":null");
    assertThat(LabelJson.parse(LabelJson.write(label)).tokenId()).isNull();
  }

  @Test
  void writesTheFirstMaliciousEventAndTheIdentitysCreationWhenKnown() {
    CampaignLabel label =
        new CampaignLabel(
            "camp-2",
            Detection.TOKEN_REPLAY,
            "revoked_token_reuse",
            true,
            "svc-x",
            "tok-2",
            Instant.parse("2026-11-03T10:00:00Z"),
            Instant.parse("2026-11-03T10:09:00Z"),
            List.of("e1", "e2"),
            "e2",
            Instant.parse("2026-11-03T10:05:00Z"),
            Instant.parse("2026-11-02T08:00:00Z"));

    String line = LabelJson.write(label);

    assertThat(line)
        .endsWith(
            "\"event_ids\":[\"e1\",\"e2\"],\"first_malicious_event_id\":\"e2\","
                + "\"first_malicious\":\"2026-11-03T10:05:00Z\","
                + "\"identity_created\":\"2026-11-02T08:00:00Z\"}");
    assertThat(LabelJson.parse(line)).isEqualTo(label);
    assertThat(label.attackStart()).isEqualTo(Instant.parse("2026-11-03T10:05:00Z"));
  }

  @Test
  void rejectsLinesThatAreNotLabels() {
    assertThatThrownBy(() -> LabelJson.parse("{\"campaign_id\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a campaign label line");
  }
}
