package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.pack.RulePacks;
import dev.vigil.runtime.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesValidateCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aValidPackExitsZeroAndListsItsRules() throws Exception {
    Path pack = dir.resolve("good.yaml");
    Files.writeString(pack, RulePacks.defaultPackText());

    int exit = run("rules", "validate", pack.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .startsWith("OK " + pack + ": pack vigil-default")
        .contains("replay-attested-context-mismatch", "lateral-tool-fanout");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void anInvalidPackExitsOneNamingFileLineColumnAndField() throws Exception {
    String text = RulePacks.defaultPackText().replaceFirst("window: 10m", "window: ten");
    Path pack = dir.resolve("bad.yaml");
    Files.writeString(pack, text);
    List<String> lines = text.lines().toList();
    int line =
        lines.indexOf(
                lines.stream().filter(l -> l.contains("window: ten")).findFirst().orElseThrow())
            + 1;
    int column = lines.get(line - 1).indexOf("ten") + 1;

    int exit = run("rules", "validate", pack.toString());

    assertThat(exit).isEqualTo(ExitCode.INVALID_RULES);
    assertThat(err.toString())
        .startsWith("INVALID " + pack + ": 1 problem, pack refused")
        .contains(pack + ":" + line + ":" + column + ": field 'rules[1].params.window': ");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void theShippedPackValidates() {
    int exit = run("rules", "validate", "--default");

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("OK default-pack.yaml (built in): pack vigil-default");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");

    assertThat(run("rules", "validate", missing.toString())).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(err.toString()).contains("no such file: " + missing);
  }

  @Test
  void aFileAndDefaultTogetherAreRefused() {
    assertThat(run("rules", "validate", "--default", "x.yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("yaml | --default)");
  }

  private int run(String... args) {
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
