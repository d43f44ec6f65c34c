package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad packs, each refused with the line, column and field of its one problem. The expected position
 * is where a snippet stands in the text, so the cases read like the YAML they test.
 */
class BadPackTest {

  private static final String HEAD = "pack: test\nversion: \"1\"\n";

  private static final String SPREAD_RULE =
      """
      rules:
        - id: spread
          kind: token_network_spread
          severity: high
          params:
            window: 10m
      """;

  /** A valid pack whose text is {@code HEAD + SPREAD_RULE}, changed by replacing one snippet. */
  private static String with(String from, String to) {
    String text = HEAD + SPREAD_RULE;
    assertThat(text).contains(from);
    return text.replace(from, to);
  }

  static Stream<Arguments> badPacks() {
    return Stream.of(
        // name, yaml, snippet marking the position, field, message fragment
        Arguments.of(
            "unknown rule key",
            with("    severity: high\n", "    severity: high\n    descripton: x\n"),
            "descripton",
            "rules[0].descripton",
            "unknown key (did you mean 'description'?)"),
        Arguments.of(
            "unknown pack key",
            with("pack: test\n", "pack: test\nprivilegd: []\n"),
            "privilegd",
            "privilegd",
            "unknown key (did you mean 'privileged'?)"),
        Arguments.of(
            "parameter written at rule level",
            with("    severity: high\n", "    severity: high\n    min_count: 3\n"),
            "min_count",
            "rules[0].min_count",
            "unknown key"),
        Arguments.of(
            "parameter of the kind at rule level",
            with("    severity: high\n", "    severity: high\n    window: 3m\n"),
            "window: 3m",
            "rules[0].window",
            "is a parameter of token_network_spread; put it under params"),
        Arguments.of(
            "wrong type",
            with("severity: high", "severity: [high]"),
            "[high]",
            "rules[0].severity",
            "expected a string, got a list"),
        Arguments.of(
            "bad duration",
            with("window: 10m", "window: ten"),
            "ten",
            "rules[0].params.window",
            "expected a duration like 10m, got the string \"ten\""),
        Arguments.of(
            "bare number as duration",
            with("window: 10m", "window: 600"),
            "600",
            "rules[0].params.window",
            "expected a duration like 10m, got the number 600"),
        Arguments.of(
            "duration out of range",
            with("window: 10m", "window: 0s"),
            "0s",
            "rules[0].params.window",
            "must be greater than 0s, got 0s"),
        Arguments.of(
            "unknown parameter",
            with("window: 10m", "min_distinct_asn: 3"),
            "min_distinct_asn",
            "rules[0].params.min_distinct_asn",
            "unknown parameter for kind token_network_spread (did you mean 'min_distinct_asns'?)"),
        Arguments.of(
            "quoted integer",
            with("window: 10m", "min_distinct_asns: \"3\""),
            "\"3\"",
            "rules[0].params.min_distinct_asns",
            "expected an integer, got the string \"3\""),
        Arguments.of(
            "integer below its range",
            with("window: 10m", "min_distinct_countries: 1"),
            "1\n",
            "rules[0].params.min_distinct_countries",
            "must be at least 2, got 1"),
        Arguments.of(
            "duplicate id",
            with(
                "      window: 10m\n",
                "      window: 10m\n  - id: spread\n    kind: audience_mismatch\n    severity: low\n"),
            "spread\n    kind: audience",
            "rules[1].id",
            "duplicate rule id 'spread'; it is first used at line 4"),
        Arguments.of(
            "unknown kind",
            with("kind: token_network_spread", "kind: token_netwrk_spread"),
            "token_netwrk_spread",
            "rules[0].kind",
            "unknown kind \"token_netwrk_spread\" (did you mean 'token_network_spread'?)"),
        Arguments.of(
            "unknown severity",
            with("severity: high", "severity: severe"),
            "severe",
            "rules[0].severity",
            "unknown severity \"severe\""),
        Arguments.of(
            "unknown action",
            with("severity: high", "severity: high\n    action: revoke"),
            "revoke",
            "rules[0].action",
            "unknown action \"revoke\"; expected one of none, revoke_token"),
        Arguments.of(
            "bad CIDR",
            with(
                "    severity: high\n",
                "    severity: high\n    exceptions:\n      networks: [10.0.0.0/33]\n"),
            "10.0.0.0/33",
            "rules[0].exceptions.networks[0]",
            "invalid CIDR: prefix length /33"),
        Arguments.of(
            "CIDR with host bits",
            with(
                "    severity: high\n",
                "    severity: high\n    exceptions:\n      networks: [192.168.1.7/24]\n"),
            "192.168.1.7/24",
            "rules[0].exceptions.networks[0]",
            "did you mean 192.168.1.0/24?"),
        Arguments.of(
            "padded glob",
            with("pack: test\n", "pack: test\nprivileged: [' s3:*']\n"),
            "' s3",
            "privileged[0]",
            "invalid pattern: a pattern must not start or end with whitespace"),
        Arguments.of(
            "missing id",
            with("  - id: spread\n    kind", "  - kind"),
            "kind: token",
            "rules[0].id",
            "missing required key 'id'"),
        Arguments.of("missing rules", HEAD, "pack", "rules", "missing required key 'rules'"),
        Arguments.of(
            "required key without value",
            with("severity: high", "severity:"),
            "severity:",
            "rules[0].severity",
            "required key 'severity' has no value"),
        Arguments.of(
            "bad tag",
            with("severity: high", "severity: high\n    tags: [MITRE-T1550]"),
            "MITRE",
            "rules[0].tags[0]",
            "a tag is a lowercase dotted id"),
        Arguments.of(
            "negative revocation cap",
            with("pack: test\n", "pack: test\nresponse:\n  max_revocations_per_minute: -1\n"),
            "-1",
            "response.max_revocations_per_minute",
            "must be at least 0"),
        Arguments.of(
            "duplicate key",
            with("      window: 10m\n", "      window: 10m\n      window: 5m\n"),
            "window: 5m",
            "rules[0].params.window",
            "duplicate key; it is already set at line 8"),
        Arguments.of(
            "constraint between parameters",
            with("      window: 10m\n", "      window: 10m\n      token_ttl: 5m\n"),
            "5m",
            "rules[0].params.token_ttl",
            "must be at least the window"),
        Arguments.of(
            "YAML 1.1 boolean where a string is meant",
            with("id: spread", "id: off"),
            "off",
            "rules[0].id",
            "expected a string, got the boolean off (YAML reads an unquoted off as false; quote it"),
        Arguments.of(
            "YAML alias",
            with("      window: 10m\n", "      window: &w 10m\n      token_ttl: *w\n"),
            "*w",
            "rules[0].params.token_ttl",
            "YAML aliases (*w) are not supported"),
        Arguments.of(
            "second YAML document",
            HEAD + SPREAD_RULE + "---\npack: other\n",
            "pack: other",
            "",
            "a pack is one YAML document; found a second one"),
        Arguments.of(
            "one issuer where a list of globs is meant",
            with("window: 10m", "issuance_not_from_holder: github"),
            "github",
            "rules[0].params.issuance_not_from_holder",
            "expected a list of globs, got the string \"github\""),
        Arguments.of(
            "an issuer glob that is not a text",
            with("window: 10m", "issuance_not_from_holder: [github, 42]"),
            "[github",
            "rules[0].params.issuance_not_from_holder",
            "expected each glob to be a text, got the number 42"),
        Arguments.of(
            "an issuer glob that cannot be used",
            with("window: 10m", "issuance_not_from_holder: [' vault:*']"),
            "[' vault",
            "rules[0].params.issuance_not_from_holder",
            "whitespace"),
        Arguments.of(
            "integer out of range",
            with("window: 10m", "min_distinct_asns: 99999999999"),
            "99999999999",
            "rules[0].params.min_distinct_asns",
            "integer 99999999999 is out of range"),
        Arguments.of(
            "rules not a list",
            HEAD + "rules: {id: x}\n",
            "{id",
            "rules",
            "expected a list of rules, got a mapping"),
        Arguments.of(
            "YAML syntax error",
            with("    kind: token_network_spread\n", "    kind: \"token_network_spread\n"),
            null,
            "",
            "YAML syntax error"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPacks")
  void refusedWithLineColumnAndField(
      String name, String yaml, String snippet, String field, String message) {
    RulePackException e =
        catchThrowableOfType(RulePackException.class, () -> RulePacks.parse(yaml, "bad.yaml"));

    assertThat(e).as("pack refused").isNotNull();
    assertThat(e.problems()).as(e.getMessage()).hasSize(1);
    assertThat(e.origin()).isEqualTo("bad.yaml");
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.problems().get(0).message()).contains(message);
    if (snippet != null) {
      int[] at = position(yaml, snippet);
      assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(at[0], at[1]);
      assertThat(e.getMessage()).startsWith("bad.yaml:" + at[0] + ":" + at[1] + ": ");
    }
    if (!field.isEmpty()) {
      assertThat(e.getMessage()).contains("field '" + field + "': ");
    }
  }

  @Test
  void syntaxErrorNamesTheLineWhereTheProblemIs() {
    String yaml = HEAD + "rules:\n  - id: a\n    kind: audience_mismatch\n   severity: low\n";
    RulePackException e =
        catchThrowableOfType(RulePackException.class, () -> RulePacks.parse(yaml, "bad.yaml"));
    assertThat(e.line()).isEqualTo(6);
    assertThat(e.getMessage()).startsWith("bad.yaml:6:").contains("YAML syntax error");
  }

  @Test
  void reportsEveryProblemAtOnceInSourceOrder() {
    String yaml =
        HEAD
            + """
        rules:
          - id: one
            kind: token_network_spread
            severity: hgih
            params:
              window: ten
          - id: one
            kind: tool_fanout
            severity: low
            params:
              min_new_tools: 0
        """;
    RulePackException e =
        catchThrowableOfType(RulePackException.class, () -> RulePacks.parse(yaml, "multi.yaml"));

    assertThat(e.problems())
        .extracting(RulePackProblem::field)
        .containsExactly(
            "rules[0].severity",
            "rules[0].params.window",
            "rules[1].id",
            "rules[1].params.min_new_tools");
    assertThat(e.problems()).extracting(RulePackProblem::line).containsExactly(6, 8, 9, 13);
    assertThat(e.getMessage().lines()).hasSize(4);
    assertThat(e.getMessage())
        .startsWith("multi.yaml:6:15: field 'rules[0].severity': unknown severity \"hgih\"");
    assertThat(e.line()).isEqualTo(6);
  }

  @Test
  void emptyTextIsRefused() {
    RulePackException e =
        catchThrowableOfType(RulePackException.class, () -> RulePacks.parse("", "empty.yaml"));
    assertThat(e.getMessage()).isEqualTo("empty.yaml:1:1: the pack is empty");
  }

  @Test
  void loadNamesTheFileAndReportsUnreadableOnes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pack.yaml");
    Files.writeString(file, with("window: 10m", "window: soon"));
    RulePackException e = catchThrowableOfType(RulePackException.class, () -> RulePacks.load(file));
    assertThat(e.origin()).isEqualTo(file.toString());
    assertThat(e.line()).isEqualTo(8);

    RulePackException missing =
        catchThrowableOfType(
            RulePackException.class, () -> RulePacks.load(dir.resolve("absent.yaml")));
    assertThat(missing.line()).isZero();
    assertThat(missing.getMessage())
        .contains("absent.yaml: cannot read the pack: NoSuchFileException");
  }

  /** 1-based line and column of the first occurrence of {@code snippet}. */
  private static int[] position(String text, String snippet) {
    int index = text.indexOf(snippet);
    assertThat(index).as("snippet " + snippet).isNotNegative();
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, index - lineStart + 1};
  }
}
