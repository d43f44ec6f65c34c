package dev.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/CONTRACT.md}, the public contract, true to the Avro schemas: a field added to
 * an {@code .avsc} without a row in the document, or an enum symbol the document never mentions,
 * fails the build and names what is missing. It also keeps the document self-contained (no link out
 * of the repository) and reachable from the README.
 */
class ContractDocumentTest {

  private static final String CONTRACT = "docs/CONTRACT.md";
  private static final String AVRO_DIRECTORY = "event-schemas/src/main/avro";
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern CELL_SEPARATOR = Pattern.compile("(?<!\\\\)\\|");
  private static final Pattern LINK_TARGET = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?[^)]*\\)");
  private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern README_LINK =
      Pattern.compile("\\]\\((\\./)?docs/CONTRACT\\.md(#[^)]*)?\\)");

  private static Path root;
  private static List<String> contract;
  private static Map<String, Schema> namedTypes;

  @BeforeAll
  static void load() throws IOException {
    root = repositoryRoot();
    contract = Files.readAllLines(root.resolve(CONTRACT), StandardCharsets.UTF_8);
    namedTypes = parseAll(root.resolve(AVRO_DIRECTORY));
  }

  @Test
  void everyRecordFieldHasARowInItsSchemasSection() {
    List<String> missing = new ArrayList<>();
    for (Schema schema : namedTypes.values()) {
      if (schema.getType() != Schema.Type.RECORD) {
        continue;
      }
      Optional<List<String>> section = section(schema.getName());
      if (section.isEmpty()) {
        missing.add(
            schema.getFullName()
                + ": no section headed '"
                + schema.getName()
                + "' (e.g. '### "
                + schema.getName()
                + "')");
        continue;
      }
      for (Schema.Field field : schema.getFields()) {
        if (!documents(section.get(), field.name())) {
          missing.add(
              schema.getName()
                  + "."
                  + field.name()
                  + ": no table row '| `"
                  + field.name()
                  + "` | type | ... | meaning |' in section '"
                  + schema.getName()
                  + "'");
        }
      }
    }

    assertThat(namedTypes).as("record schemas parsed from " + AVRO_DIRECTORY).isNotEmpty();
    assertThat(missing)
        .withFailMessage(
            "%s does not document %d schema field(s):%n  %s",
            CONTRACT, missing.size(), String.join(System.lineSeparator() + "  ", missing))
        .isEmpty();
  }

  @Test
  void everyEnumSymbolIsMentioned() {
    String text = String.join("\n", contract);
    List<String> missing = new ArrayList<>();
    for (Schema schema : namedTypes.values()) {
      if (schema.getType() != Schema.Type.ENUM) {
        continue;
      }
      for (String symbol : schema.getEnumSymbols()) {
        if (!text.contains("`" + symbol + "`")) {
          missing.add(schema.getName() + "." + symbol + ": `" + symbol + "` is never mentioned");
        }
      }
    }

    assertThat(missing)
        .withFailMessage(
            "%s does not mention %d enum symbol(s):%n  %s",
            CONTRACT, missing.size(), String.join(System.lineSeparator() + "  ", missing))
        .isEmpty();
  }

  @Test
  void linksStayInsideTheRepository() {
    Path documentDirectory = root.resolve(CONTRACT).getParent();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < contract.size(); i++) {
      String line = contract.get(i);
      if (line.contains("../shared")) {
        problems.add("line " + (i + 1) + ": refers to ../shared, outside the repository");
      }
      if (line.contains("](../..")) {
        problems.add("line " + (i + 1) + ": links above the repository root");
      }
      Matcher link = LINK_TARGET.matcher(line);
      while (link.find()) {
        String target = link.group(1);
        if (target.startsWith("#") || URL_SCHEME.matcher(target).find()) {
          continue;
        }
        String path = target.replaceFirst("#.*$", "");
        Path resolved =
            path.startsWith("/")
                ? Path.of(path).normalize()
                : documentDirectory.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
          problems.add("line " + (i + 1) + ": link to " + target + " leaves the repository");
        } else if (!Files.exists(resolved)) {
          problems.add("line " + (i + 1) + ": link to " + target + " points to nothing");
        }
      }
    }

    assertThat(problems)
        .withFailMessage(
            "%s must link only inside the repository:%n  %s",
            CONTRACT, String.join(System.lineSeparator() + "  ", problems))
        .isEmpty();
  }

  @Test
  void readmeLinksToTheContract() throws IOException {
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);

    assertThat(README_LINK.matcher(readme).find())
        .withFailMessage("README.md has no link to %s", CONTRACT)
        .isTrue();
    assertThat(readme.contains("../shared/EVENT-CONTRACT.md"))
        .withFailMessage("README.md still links to ../shared/EVENT-CONTRACT.md")
        .isFalse();
  }

  /** A table row whose first cell is exactly {@code `field`} and whose last cell says something. */
  private static boolean documents(List<String> section, String field) {
    for (String line : section) {
      String row = line.strip();
      if (!row.startsWith("|")) {
        continue;
      }
      String[] cells = CELL_SEPARATOR.split(row.substring(1), -1);
      List<String> filled = new ArrayList<>();
      for (String cell : cells) {
        filled.add(cell.strip());
      }
      if (!filled.isEmpty() && filled.get(filled.size() - 1).isEmpty()) {
        filled.remove(filled.size() - 1);
      }
      if (filled.size() >= 3
          && filled.get(0).equals("`" + field + "`")
          && !filled.get(filled.size() - 1).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The lines under the first heading that names {@code name} (the heading text is the name, alone
   * or followed by a dash, colon or parenthesis: "### AuthEvent — authentication"), up to the next
   * heading of the same or a higher level. Headings in fenced code blocks do not count.
   */
  private static Optional<List<String>> section(String name) {
    Pattern names = Pattern.compile("^`?" + Pattern.quote(name) + "`?(\\s*[-\u2013\u2014:(].*)?$");
    boolean fenced = false;
    for (int i = 0; i < contract.size(); i++) {
      String line = contract.get(i);
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (fenced || !heading.matches() || !names.matcher(heading.group(2)).matches()) {
        continue;
      }
      int level = heading.group(1).length();
      List<String> lines = new ArrayList<>();
      boolean innerFence = false;
      for (int j = i + 1; j < contract.size(); j++) {
        String next = contract.get(j);
        if (next.strip().startsWith("```")) {
          innerFence = !innerFence;
        }
        Matcher nextHeading = HEADING.matcher(next);
        if (!innerFence && nextHeading.matches() && nextHeading.group(1).length() <= level) {
          break;
        }
        lines.add(next);
      }
      return Optional.of(lines);
    }
    return Optional.empty();
  }

  /**
   * Parses every {@code .avsc} with {@link Schema.Parser}. The files name each other's types, so a
   * file is parsed only once the types it uses are known: each pass tries the files still pending
   * with a fresh parser that knows every type parsed so far (a failed parse leaves a parser
   * half-filled, so it is never reused), until a pass makes no progress.
   *
   * @return every named type, including records and enums nested inside other schemas, by full name
   */
  private static Map<String, Schema> parseAll(Path directory) throws IOException {
    List<Path> pending;
    try (Stream<Path> files = Files.list(directory)) {
      pending = files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    }
    assertThat(pending).as("schemas in %s", directory).isNotEmpty();
    Map<String, Schema> known = new LinkedHashMap<>();
    Map<Path, String> failures = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      List<Path> stillPending = new ArrayList<>();
      failures.clear();
      for (Path file : pending) {
        Schema.Parser parser = new Schema.Parser().addTypes(known.values());
        try {
          collect(parser.parse(file.toFile()), known);
        } catch (AvroRuntimeException e) {
          stillPending.add(file);
          failures.put(file, e.getMessage());
        }
      }
      if (stillPending.size() == pending.size()) {
        throw new IllegalStateException("cannot parse " + failures);
      }
      pending = stillPending;
    }
    return known;
  }

  /** Adds {@code schema} and every named type it defines or uses, however deeply nested. */
  private static void collect(Schema schema, Map<String, Schema> into) {
    switch (schema.getType()) {
      case RECORD -> {
        if (into.putIfAbsent(schema.getFullName(), schema) == null) {
          schema.getFields().forEach(field -> collect(field.schema(), into));
        }
      }
      case ENUM, FIXED -> into.putIfAbsent(schema.getFullName(), schema);
      case UNION -> schema.getTypes().forEach(branch -> collect(branch, into));
      case ARRAY -> collect(schema.getElementType(), into);
      case MAP -> collect(schema.getValueType(), into);
      default -> {}
    }
  }

  /** Walks up from the working directory to the directory that holds {@code docs/CONTRACT.md}. */
  private static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(CONTRACT))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no " + CONTRACT + " in " + start + " or in any directory above it");
  }
}
