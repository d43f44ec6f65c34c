package dev.vigil.serde.registry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a {@code java} launcher of at least a given feature version. Apicurio Registry 3.x needs
 * Java 21+, while Vigil builds and tests on Java 17, so the test JVM is often too old to run it.
 */
public final class JavaRuntimes {

  /** System property naming a Java home or a {@code java} binary to use. */
  public static final String JAVA_PROPERTY = "vigil.apicurio.java";

  /** Environment variable with the same meaning, for CI. */
  public static final String JAVA_ENV = "APICURIO_JAVA_HOME";

  private static final Pattern RELEASE_VERSION =
      Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);

  private JavaRuntimes() {}

  /** The {@code java} binary to run, or an exception saying where it looked. */
  public static Path javaOfAtLeast(int feature) {
    List<String> looked = new ArrayList<>();
    for (String configured :
        new String[] {System.getProperty(JAVA_PROPERTY), System.getenv(JAVA_ENV)}) {
      if (configured != null && !configured.isBlank()) {
        Path path = Paths.get(configured.strip());
        Path binary = Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path;
        if (!Files.isExecutable(binary)) {
          throw new IllegalStateException(
              "configured Java for Apicurio '" + configured + "' has no executable java");
        }
        return binary;
      }
    }
    Path current = Paths.get(System.getProperty("java.home"));
    if (Runtime.version().feature() >= feature) {
      return current.resolve("bin").resolve("java");
    }
    looked.add(current + " (Java " + Runtime.version().feature() + ")");
    Optional<Path> installed =
        installedHomes().stream()
            .filter(home -> featureOf(home) >= feature)
            .max(Comparator.comparingInt(JavaRuntimes::featureOf));
    if (installed.isPresent()) {
      return installed.get().resolve("bin").resolve("java");
    }
    looked.addAll(
        installedHomes().stream().map(home -> home + " (Java " + featureOf(home) + ")").toList());
    throw new IllegalStateException(
        "no Java "
            + feature
            + "+ runtime found for Apicurio Registry; looked at "
            + looked
            + ". Install one (e.g. apt-get install openjdk-21-jdk-headless) or set -D"
            + JAVA_PROPERTY
            + " / "
            + JAVA_ENV
            + " to its home");
  }

  private static List<Path> installedHomes() {
    List<Path> homes = new ArrayList<>();
    for (String root : new String[] {"/usr/lib/jvm", "/opt/java", "/usr/local/lib/jvm"}) {
      Path dir = Paths.get(root);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> children = Files.list(dir)) {
        children
            .filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
            .filter(home -> Files.isRegularFile(home.resolve("release")))
            .forEach(homes::add);
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    return homes;
  }

  private static int featureOf(Path home) {
    try {
      Matcher matcher = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
      if (!matcher.find()) {
        return -1;
      }
      int major = Integer.parseInt(matcher.group(1));
      // Java 8 and older call themselves 1.x.
      return major == 1 ? 8 : major;
    } catch (IOException e) {
      return -1;
    }
  }
}
