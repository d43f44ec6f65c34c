package dev.vigil.architecture;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, for tests that check documents and sources against the code. */
final class Repository {

  private Repository() {}

  /** The nearest directory up from the working directory that holds {@code docs/} and a pom. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("docs"))
          && Files.isRegularFile(dir.resolve("pom.xml"))
          && Files.isDirectory(dir.resolve("detector-app"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no directory above " + Path.of("").toAbsolutePath() + " holds docs/ and detector-app/");
  }
}
