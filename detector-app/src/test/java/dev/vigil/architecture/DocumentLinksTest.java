package dev.vigil.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown resolves to a file or directory that exists
 * inside the repository: the project carries its own documents, so a link may not lead into a
 * sibling checkout (the shared material the contract was first written in) or to a file that was
 * moved or deleted. Links with a scheme ({@code https:}, {@code mailto:}) and links to an anchor of
 * the same page are not files and are left alone.
 */
class DocumentLinksTest {

  /** An inline link's target: what follows "](" up to a space, an anchor or the ")". */
  private static final Pattern LINK = Pattern.compile("\\]\\(<?([^)#\\s>]*)[^)]*\\)");

  @Test
  void everyRelativeLinkStaysInTheRepositoryAndResolves() throws IOException {
    Path root = Repository.root();
    List<Path> documents = markdown(root);
    assertThat(documents).as("Markdown files under %s", root).hasSizeGreaterThan(10);

    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path document : documents) {
      Matcher link = LINK.matcher(Files.readString(document));
      while (link.find()) {
        String target = link.group(1);
        if (target.isEmpty() || target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue;
        }
        checked++;
        Path resolved = document.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root)) {
          broken.add(root.relativize(document) + " -> " + target + " (outside the repository)");
        } else if (!Files.exists(resolved)) {
          broken.add(root.relativize(document) + " -> " + target + " (no such file)");
        }
      }
    }
    assertThat(checked).as("relative links checked").isGreaterThan(20);
    assertThat(broken).as("relative links that leave the repository or lead nowhere").isEmpty();
  }

  /** Every Markdown file of the repository, build output and dependencies aside. */
  private static List<Path> markdown(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".md"))
          .filter(f -> !excluded(root.relativize(f)))
          .sorted()
          .toList();
    }
  }

  private static boolean excluded(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
