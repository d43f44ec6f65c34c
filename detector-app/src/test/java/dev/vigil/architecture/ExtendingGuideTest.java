package dev.vigil.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/EXTENDING.md tells people which files to touch; it must not send them to files that are
 * gone. Every repository path it names in backticks ({@code detector-app/src/...}, {@code
 * docs/...}), every Vigil class or package it names by full name ({@code
 * dev.vigil.detector.Detectors}) must exist (its links are checked with every document's by {@link
 * DocumentLinksTest}). A path with a placeholder ({@code .../dev/vigil/adapters/<source>/}) must
 * exist up to the placeholder.
 */
class ExtendingGuideTest {

  private static final String GUIDE = "docs/EXTENDING.md";
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern REPOSITORY_PATH =
      Pattern.compile(
          "^(adapters|detector-app|rules|event-schemas|docs|deploy)/\\S*$"
              + "|^(README\\.md|pom\\.xml|docker-compose\\.yml)$");
  private static final Pattern VIGIL_NAME =
      Pattern.compile("^dev\\.vigil(\\.[a-z][a-z0-9_]*)*(\\.[A-Z][A-Za-z0-9_]*)?$");
  private static final List<String> SOURCE_ROOTS = List.of("src/main/java", "src/test/java");
  private static final List<String> MODULES =
      List.of("event-schemas", "rules", "detector-app", "adapters");

  private static Path root;
  private static String guide;

  @BeforeAll
  static void read() throws IOException {
    root = Repository.root();
    guide = Files.readString(root.resolve(GUIDE));
  }

  @Test
  void everyPathItNamesExists() {
    List<String> paths = spans(REPOSITORY_PATH);
    assertThat(paths).as("paths named in %s", GUIDE).hasSizeGreaterThan(20);

    List<String> missing = new ArrayList<>();
    for (String path : paths) {
      if (!Files.exists(root.resolve(upToPlaceholder(path)))) {
        missing.add(path);
      }
    }
    assertThat(missing).as("paths %s names that do not exist", GUIDE).isEmpty();
  }

  @Test
  void everyVigilClassOrPackageItNamesExists() {
    List<String> missing = new ArrayList<>();
    for (String name : spans(VIGIL_NAME)) {
      if (!resolves(name)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("classes and packages %s names that do not exist", GUIDE).isEmpty();
  }

  /** The code spans of the guide matching {@code shape}, each once. */
  private static List<String> spans(Pattern shape) {
    Set<String> found = new TreeSet<>();
    Matcher span = CODE_SPAN.matcher(guide);
    while (span.find()) {
      String text = span.group(1).strip();
      if (shape.matcher(text).matches()) {
        found.add(text);
      }
    }
    return List.copyOf(found);
  }

  private static String upToPlaceholder(String path) {
    int placeholder = path.indexOf('<');
    if (placeholder < 0) {
      return path;
    }
    return path.substring(0, path.lastIndexOf('/', placeholder) + 1);
  }

  /**
   * A package is a directory, a class a source file, under some module's source roots; a contract
   * class is generated from its schema.
   */
  private static boolean resolves(String name) {
    String[] parts = name.split("\\.");
    String last = parts[parts.length - 1];
    boolean isClass = Character.isUpperCase(last.charAt(0));
    if (isClass
        && name.equals("dev.vigil.events." + last)
        && Files.isRegularFile(root.resolve("event-schemas/src/main/avro/" + last + ".avsc"))) {
      return true;
    }
    String relative = name.replace('.', '/') + (isClass ? ".java" : "");
    for (String module : MODULES) {
      for (String sources : SOURCE_ROOTS) {
        Path candidate = root.resolve(module).resolve(sources).resolve(relative);
        if (isClass ? Files.isRegularFile(candidate) : Files.isDirectory(candidate)) {
          return true;
        }
      }
    }
    return false;
  }
}
