package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runtime.ExitCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's exit-code table lists exactly the codes the commands return, no more, no fewer. */
class ExitCodeTableTest {

  @Test
  void theReadmeTableMatchesExitCode() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    int start = text.indexOf("Exit codes, the same for every command");
    assertThat(start).as("README's exit-code section").isNotNegative();
    String table = text.substring(start, text.indexOf("\n\n", text.indexOf("| code |", start)));

    Set<Integer> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(table);
    while (row.find()) {
      documented.add(Integer.parseInt(row.group(1)));
    }
    Set<Integer> declared =
        Arrays.stream(ExitCode.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == int.class)
            .map(ExitCodeTableTest::value)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented).isEqualTo(declared);
  }

  private static int value(Field field) {
    try {
      return field.getInt(null);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
