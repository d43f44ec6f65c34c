package dev.vigil.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two classes lean on Kafka internals that any release may change, and each says so in its class
 * comment, with the Kafka releases it was checked on ("Checked on Kafka 4.4.0."). On a release not
 * named there this fails: run the tests that comment names on the new release, and add it to the
 * sentence (or fix what they found). So an upgrade cannot slip past the two places where Vigil
 * depends on more than Kafka's public API.
 */
class KafkaInternalsCheckedTest {

  private static final Pattern CHECKED_ON =
      Pattern.compile(
          "Checked on Kafka ((?:\\d+\\.\\d+\\.\\d+)(?:(?:, | and )\\d+\\.\\d+\\.\\d+)*)");
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "detector-app/src/main/java/dev/vigil/detector/topology/DetectorStateStore.java, streams",
    "detector-app/src/main/java/dev/vigil/runtime/broker/EmbeddedKafka.java, clients"
  })
  void theRunningKafkaIsOneTheClassCommentSaysItWasCheckedOn(String source, String artifact)
      throws IOException {
    Supplier<String> running =
        artifact.equals("streams") ? KafkaRelease::streams : KafkaRelease::clients;
    List<String> checked = checkedReleases(Repository.root().resolve(source));

    assertThat(checked)
        .as(
            "%s relies on Kafka internals and was checked on Kafka %s, but Kafka %s is on the class"
                + " path. Run the tests its class comment names on %s, then add %s to its"
                + " \"Checked on Kafka ...\" sentence (or fix what they find).",
            source, checked, running.get(), running.get(), running.get())
        .contains(running.get());
  }

  /** The releases named in the class comment's "Checked on Kafka ..." sentence. */
  static List<String> checkedReleases(Path source) throws IOException {
    String comment =
        Files.readString(source)
            .lines()
            .map(String::strip)
            .filter(line -> line.startsWith("*") || line.startsWith("/**"))
            .map(line -> line.replaceFirst("^/?\\*+/?", "").strip())
            .reduce("", (a, b) -> a + " " + b);
    Matcher sentence = CHECKED_ON.matcher(comment);
    assertThat(sentence.find())
        .as("%s: a class comment sentence \"Checked on Kafka X.Y.Z.\"", source)
        .isTrue();
    List<String> releases = new ArrayList<>();
    Matcher version = VERSION.matcher(sentence.group(1));
    while (version.find()) {
      releases.add(version.group());
    }
    return releases;
  }
}
