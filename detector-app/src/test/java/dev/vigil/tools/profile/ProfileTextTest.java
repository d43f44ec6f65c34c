package dev.vigil.tools.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProfileTextTest {

  @Test
  void aProfileReadsAsSentencesWithOneTokenPerLine() throws Exception {
    String json =
        """
        {"identity":"svc-billing@corp.iam","identity_type":"SERVICE_ACCOUNT",
         "seen":"First seen 2026-12-05T21:00:00Z (1d ago), last seen 2026-12-06T20:58:00Z (2m ago).",
         "baseline":{"privileges":"Used 1 privilege: s3:GetObject (last 2m ago).",
                     "networks":"Came from 1 network in the last 14d: asn:16509 (40 events, last 2m ago)."},
         "tokens":[{"token_id":"tok-1","status":"live","expiry":"expires 2026-12-06T21:10:00Z (in 10m)",
                    "binding":"bound to workload spiffe://a","audience":"s3","task":null,
                    "last_used":"2026-12-06T20:58:00Z"}],
         "tasks":[],
         "recent_alerts":[{"words":"HIGH TOKEN_REPLAY by rule replay-network-spread (alert a-1); repeats are merged until 2026-12-06T21:30:00Z (in 30m), none so far."}],
         "alerts_shown":"The last alert of each rule whose suppression window is still open."}
        """;
    assertThat(ProfileText.lines(new ObjectMapper().readTree(json)))
        .containsExactly(
            "svc-billing@corp.iam (SERVICE_ACCOUNT)",
            "First seen 2026-12-05T21:00:00Z (1d ago), last seen 2026-12-06T20:58:00Z (2m ago).",
            "",
            "Baseline",
            "  privileges  Used 1 privilege: s3:GetObject (last 2m ago).",
            "  networks    Came from 1 network in the last 14d: asn:16509 (40 events, last 2m ago).",
            "",
            "Tokens (1)",
            "  tok-1; live, expires 2026-12-06T21:10:00Z (in 10m); bound to workload spiffe://a;"
                + " audience s3; last used 2026-12-06T20:58:00Z",
            "",
            "Recent alerts (1)",
            "  HIGH TOKEN_REPLAY by rule replay-network-spread (alert a-1); repeats are merged until"
                + " 2026-12-06T21:30:00Z (in 30m), none so far.",
            "  The last alert of each rule whose suppression window is still open.");
  }

  @Test
  void identitiesAreEncodedWholeIntoOnePathSegment() {
    assertThat(ProfileClient.encode("spiffe://prod/ns/a b/sa/x+y"))
        .isEqualTo("spiffe%3A%2F%2Fprod%2Fns%2Fa%20b%2Fsa%2Fx%2By");
    assertThat(ProfileClient.encode("svc-billing@corp.iam")).isEqualTo("svc-billing@corp.iam");
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(ProfileBench.percentile(sorted, 50)).isEqualTo(50);
    assertThat(ProfileBench.percentile(sorted, 99)).isEqualTo(99);
    assertThat(ProfileBench.percentile(new long[] {7}, 99)).isEqualTo(7);
  }
}
