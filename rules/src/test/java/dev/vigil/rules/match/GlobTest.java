package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "svc-*          | svc-billing     | true",
        "svc-*          | svc-            | true",
        "svc-*          | app-svc-billing | false",
        "*-deployer     | ci-deployer     | true",
        "*-deployer     | ci-deployer-2   | false",
        "a*b*c          | axxbyyc         | true",
        "a*b*c          | axxbyy          | false",
        "a*b*c          | abcbc           | true",
        "*              | ''              | true",
        "?              | x               | true",
        "?              | ''              | false",
        "??             | x               | false",
        "s3:get*        | s3:GetObject    | false",
        "s3:?et*        | s3:GetObject    | true",
        "spiffe://prod/ns/*/sa/deployer | spiffe://prod/ns/ci/sa/deployer | true",
        "spiffe://prod/ns/*/sa/deployer | spiffe://dev/ns/ci/sa/deployer  | false",
      })
  void matchesCaseSensitively(String pattern, String text, boolean expected) {
    assertThat(Glob.compile(pattern).matches(text)).isEqualTo(expected);
  }

  @Test
  void escapedStarIsLiteral() {
    Glob literalStar = Glob.compile("s3:\\*");
    assertThat(literalStar.matches("s3:*")).isTrue();
    assertThat(literalStar.matches("s3:GetObject")).isFalse();
    Glob anyWildcardGrant = Glob.compile("*:\\*");
    assertThat(anyWildcardGrant.matches("ec2:*")).isTrue();
    assertThat(anyWildcardGrant.matches("ec2:RunInstances")).isFalse();
    assertThat(Glob.compile("\\?").matches("?")).isTrue();
    assertThat(Glob.compile("\\?").matches("x")).isFalse();
    assertThat(Glob.compile("a\\\\b").matches("a\\b")).isTrue();
  }

  @Test
  void backslashBeforeOrdinaryCharacterStaysLiteral() {
    assertThat(Glob.compile("CORP\\svc-*").matches("CORP\\svc-backup")).isTrue();
    assertThat(Glob.compile("trailing\\").matches("trailing\\")).isTrue();
  }

  @Test
  void ignoringCaseFoldsBothSides() {
    Glob glob = Glob.compileIgnoringCase("iam:Create*");
    assertThat(glob.matches("IAM:CREATEACCESSKEY")).isTrue();
    assertThat(glob.matches("iam:createaccesskey")).isTrue();
    assertThat(glob.matches("iam:DeleteUser")).isFalse();
    assertThat(Glob.compile("iam:Create*").matches("iam:createAccessKey")).isFalse();
  }

  @Test
  void nullNeverMatches() {
    assertThat(Glob.compile("*").matches(null)).isFalse();
  }

  @Test
  void refusesEmptyBlankAndPaddedPatterns() {
    assertThatThrownBy(() -> Glob.compile("")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> Glob.compile("  ")).hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> Glob.compile(" svc-*")).hasMessageContaining("whitespace");
    assertThat(Glob.problem("svc-*")).isNull();
  }

  @Property
  void globWithoutWildcardsMatchesOnlyItself(
      @ForAll("plain") String pattern, @ForAll("plain") String text) {
    Glob glob = Glob.compile(pattern);
    assertThat(glob.matches(text)).isEqualTo(pattern.equals(text));
    assertThat(glob.matches(pattern)).isTrue();
  }

  @Property
  void starAroundLiteralMatchesExactlyTheTextsContainingIt(
      @ForAll("plain") String needle, @ForAll("anyText") String text) {
    assertThat(Glob.compile("*" + needle + "*").matches(text)).isEqualTo(text.contains(needle));
  }

  @Property
  void escapingEveryWildcardMatchesTheTextLiterally(@ForAll("anyText") String text) {
    String escaped = text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    Glob glob = Glob.compile(escaped);
    assertThat(glob.matches(text)).isTrue();
    assertThat(glob.matches(text + "x")).isFalse();
  }

  @Property
  void questionMarksMatchExactlyThatManyCharacters(@ForAll("anyText") String text) {
    assertThat(Glob.compile("?".repeat(3)).matches(text)).isEqualTo(text.length() == 3);
  }

  @Provide
  Arbitrary<String> plain() {
    return Arbitraries.strings().withChars("abc:/-.").ofMinLength(1).ofMaxLength(8);
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.strings().withChars("abc*?\\:").ofMinLength(1).ofMaxLength(10);
  }
}
