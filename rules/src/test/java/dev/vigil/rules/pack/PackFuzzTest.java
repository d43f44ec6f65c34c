package dev.vigil.rules.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.rules.RulePack;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Rule packs no one should write: the default pack with lines swapped, repeated, re-indented or
 * spliced with YAML's rarer constructs (anchors and aliases, explicit tags, merge keys, documents,
 * flow collections, odd scalars), and packs generated from the pack vocabulary with values of any
 * type. Each loads, or is refused with a {@link RulePackException} whose every problem names the
 * file, a line inside the text, a column and a message; never another exception. PackRobustnessTest
 * covers single deleted lines and overwritten characters.
 */
class PackFuzzTest {

  private static final List<String> LINES = RulePacks.defaultPackText().lines().toList();

  private static final String[] FRAGMENTS = {
    "&anchor ",
    "*anchor",
    "!!binary ",
    "!!python/object:os.system ",
    "!!str ",
    "!!int ",
    "<<: *anchor",
    "---",
    "...",
    "? complex",
    "[a, b, {c: d}]",
    "{",
    "}",
    "~",
    "null",
    "9223372036854775808",
    "1e999",
    "-.inf",
    ".nan",
    "0x1F",
    "0o17",
    "'quoted''",
    "\"\\u0000\"",
    "|",
    ">-",
    "\t",
    "- - -",
    "%YAML 1.2",
    "key: value: other",
    "\"\\ud800\"",
    "@",
    "`"
  };

  private static final String[] KEYS = {
    "pack",
    "name",
    "version",
    "rules",
    "id",
    "kind",
    "description",
    "severity",
    "action",
    "suppress_for",
    "enabled",
    "params",
    "tags",
    "exceptions",
    "identities",
    "tools",
    "ips",
    "window",
    "min_asns",
    "threshold",
    "learning",
    "token_ttl",
    "response",
    "max_revocations_per_minute"
  };

  private static final String[] SCALARS = {
    "token_network_spread",
    "critical",
    "high",
    "revoke_token",
    "alert",
    "10m",
    "PT5M",
    "-1s",
    "0",
    "3",
    "-2147483649",
    "true",
    "no",
    "''",
    "\"x\"",
    "1.5",
    "99999999999999999999d",
    "[]",
    "{}",
    "null",
    "2026-11-28T09:15:00Z",
    "*",
    "10.0.0.0/33",
    "::/129",
    "svc-*",
    "é✓"
  };

  @Property(tries = 400)
  void damagedDefaultPacksLoadOrAreRefusedWithPositions(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(LINES);
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      int at = random.nextInt(lines.size());
      switch (random.nextInt(6)) {
        case 0 -> lines.add(random.nextInt(lines.size()), lines.get(at));
        case 1 -> {
          int other = random.nextInt(lines.size());
          String line = lines.get(at);
          lines.set(at, lines.get(other));
          lines.set(other, line);
        }
        case 2 -> lines.set(at, "  ".repeat(random.nextInt(4)) + lines.get(at).strip());
        case 3 -> lines.add(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        case 4 -> {
          String line = lines.get(at);
          int cut = line.isEmpty() ? 0 : random.nextInt(line.length());
          lines.set(
              at,
              line.substring(0, cut)
                  + FRAGMENTS[random.nextInt(FRAGMENTS.length)]
                  + line.substring(cut));
        }
        default -> {
          String line = lines.get(at);
          int colon = line.indexOf(": ");
          if (colon > 0) {
            lines.set(at, line.substring(0, colon + 2) + SCALARS[random.nextInt(SCALARS.length)]);
          }
        }
      }
    }
    check(String.join("\n", lines) + "\n");
  }

  @Property(tries = 300)
  void generatedPacksLoadOrAreRefusedWithPositions(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    Random random = new Random(seed);
    StringBuilder yaml = new StringBuilder();
    yaml.append("pack: fuzz\n");
    if (random.nextInt(5) > 0) {
      yaml.append("rules:\n");
      int rules = random.nextInt(4);
      for (int r = 0; r < rules; r++) {
        yaml.append("  - id: r").append(r).append('\n');
        generateMap(yaml, random, 2, 2);
      }
    } else {
      generateMap(yaml, random, 0, 0);
    }
    check(yaml.toString());
  }

  @Property(tries = 150)
  void anyTextLoadsOrIsRefusedWithPositions(@ForAll String text) {
    check(text);
  }

  /** The billion laughs: nested aliases must not expand into unbounded memory or time. */
  @Example
  void aliasBombsAreRefused() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    yaml.append("rules: *a11\n");
    check(yaml.toString());
    assertThatThrownBy(() -> RulePacks.parse(yaml.toString(), "fuzz.yaml"))
        .isInstanceOf(RulePackException.class);
  }

  private static void generateMap(StringBuilder yaml, Random random, int indent, int depth) {
    int fields = 1 + random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      yaml.append(" ".repeat(indent + 2)).append(KEYS[random.nextInt(KEYS.length)]).append(':');
      int shape = depth > 4 ? 0 : random.nextInt(4);
      if (shape == 0 || shape == 1) {
        yaml.append(' ').append(SCALARS[random.nextInt(SCALARS.length)]).append('\n');
      } else if (shape == 2) {
        yaml.append('\n');
        generateMap(yaml, random, indent + 2, depth + 1);
      } else {
        yaml.append('\n');
        int items = random.nextInt(3);
        for (int j = 0; j < items; j++) {
          yaml.append(" ".repeat(indent + 4))
              .append("- ")
              .append(SCALARS[random.nextInt(SCALARS.length)])
              .append('\n');
        }
      }
    }
  }

  private static void check(String yaml) {
    long lines = yaml.lines().count() + 1;
    try {
      RulePack pack = RulePacks.parse(yaml, "fuzz.yaml");
      assertThat(pack).isNotNull();
    } catch (RulePackException e) {
      assertThat(e.problems())
          .as("%s", yaml)
          .isNotEmpty()
          .allSatisfy(
              p -> {
                assertThat(p.origin()).isEqualTo("fuzz.yaml");
                assertThat(p.line()).isBetween(1, (int) Math.max(lines, 1));
                assertThat(p.column()).isPositive();
                assertThat(p.field()).isNotNull();
                assertThat(p.message()).isNotBlank();
              });
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("loading threw " + e + " on:\n" + yaml, e);
    }
  }
}
