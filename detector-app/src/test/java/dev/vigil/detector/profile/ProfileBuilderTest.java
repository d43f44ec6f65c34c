package dev.vigil.detector.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.profile.IdentityProfile.TokenView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {

  private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");

  @Test
  void liveTokensComeFirstAndOnlyTheMostRecentSpentOnesAreListed() {
    ProfileBuilder profile = new ProfileBuilder("svc-a@corp", NOW);
    for (int i = 1; i <= 8; i++) {
      profile
          .token("tok-spent-" + i)
          .expiresAt(NOW.minusSeconds(3600L * i))
          .used(NOW.minusSeconds(3600L * i + 60));
    }
    profile.token("tok-live").expiresAt(NOW.plusSeconds(600)).used(NOW.minusSeconds(30));
    profile.token("tok-revoked").revokedAt(NOW.minusSeconds(10)).used(NOW.minusSeconds(20));

    IdentityProfile built = profile.build(List.of(), "none");

    assertThat(built.tokens())
        .extracting(TokenView::tokenId)
        .containsExactly(
            "tok-live", "tok-revoked", "tok-spent-1", "tok-spent-2", "tok-spent-3", "tok-spent-4");
    assertThat(built.tokens().get(0).expiry()).isEqualTo("expires 2026-12-06T21:10:00Z (in 10m)");
    assertThat(built.tokens().get(1).expiry()).isEqualTo("revoked 2026-12-06T20:59:50Z (10s ago)");
    assertThat(built.tokensShown())
        .isEqualTo(
            "Every token not known to be spent (1), and the 5 most recently used of 9 expired or"
                + " revoked.");
  }

  @Test
  void listsNameTheMostRecentAndCountTheRest() {
    ProfileBuilder profile = new ProfileBuilder("svc-a@corp", NOW);
    assertThat(
            profile.recent(
                java.util.Map.of("a", NOW.minusSeconds(7200), "b", NOW.minusSeconds(60), "c", NOW),
                2))
        .isEqualTo("c (last now), b (last 1m ago) and 1 more");
    assertThat(profile.known()).isFalse();
    assertThat(profile.build(List.of(), "none").seen())
        .isEqualTo("Never seen within the state Vigil keeps.");
  }
}
