package dev.vigil.rules.pack;

import dev.vigil.rules.RulePack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads rule packs from YAML. A pack is accepted whole or refused whole: every problem found is
 * reported at once in a {@link RulePackException}, and no partially valid pack is ever returned.
 */
public final class RulePacks {

  /** Classpath location of the pack shipped with Vigil. */
  public static final String DEFAULT_PACK_RESOURCE = "/dev/vigil/rules/default-pack.yaml";

  /** The origin the default pack's problems are reported against. */
  public static final String DEFAULT_PACK_ORIGIN = "default-pack.yaml";

  private RulePacks() {}

  /** Reads and validates the pack in {@code file}; problems name the file as given. */
  public static RulePack load(Path file) {
    String origin = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RulePackException(
          List.of(
              new RulePackProblem(
                  origin,
                  0,
                  0,
                  "",
                  "cannot read the pack: " + e.getClass().getSimpleName() + " " + e.getMessage())));
    }
    return parse(text, origin);
  }

  /**
   * Validates YAML text; {@code origin} names it in problems (a file name, {@code identity.rules},
   * ...).
   */
  public static RulePack parse(String yaml, String origin) {
    Problems problems = new Problems(origin);
    YamlNode root = YamlTreeReader.read(yaml, problems);
    RulePack pack = root == null ? null : new PackReader(problems).read(root);
    if (!problems.isEmpty() || pack == null) {
      throw new RulePackException(problems.sorted());
    }
    return pack;
  }

  /** The pack shipped with Vigil, parsed once. */
  public static RulePack defaultPack() {
    return DefaultPackHolder.PACK;
  }

  /** The YAML text of the pack shipped with Vigil, comments included. */
  public static String defaultPackText() {
    return DefaultPackHolder.TEXT;
  }

  /** Lazily loaded on first use; a broken default pack is a build error, so it fails loudly. */
  private static final class DefaultPackHolder {
    static final String TEXT = readDefaultText();
    static final RulePack PACK = parse(TEXT, DEFAULT_PACK_ORIGIN);

    private static String readDefaultText() {
      try (InputStream in = RulePacks.class.getResourceAsStream(DEFAULT_PACK_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing classpath resource " + DEFAULT_PACK_RESOURCE);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
