package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudienceMatchTest {

  @ParameterizedTest(name = "minted for {0}, presented at {1} -> {2}")
  @CsvSource({
    "github, github, true",
    "GitHub, github, true",
    "aws, aws:s3, true",
    "aws:s3, aws:s3, true",
    "aws:s3, aws:iam, false",
    "aws:s3, aws, false",
    "*, vault, true",
    "https://vault.corp.example, vault, true",
    "https://api.github.com/, github, true",
    "https://api.github.com, github.com, true",
    "https://api.github.com, api.github.com, true",
    "https://jira.corp.example, github, false",
    "github, jira, false",
    "githubby, github, false",
    "mcp:filesystem, mcp:filesystem, true",
    "mcp:filesystem, mcp:shell, false",
    "spiffe://prod/ns/billing/sa/api, billing, false",
    "'', github, true",
  })
  void matches(String audience, String tool, boolean expected) {
    assertThat(AudienceMatch.matches(audience, tool)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"github", "vault"})
  void unknownAudienceOrToolIsNoEvidenceOfMismatch(String name) {
    assertThat(AudienceMatch.matches(null, name)).isTrue();
    assertThat(AudienceMatch.matches(name, null)).isTrue();
  }
}
