package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.runtime.config.ConfigOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's local-stack walkthrough, read from the README itself: its commands come in the order
 * broker, rules (publish), run, simulate, tail, revoke, today's command line accepts every one of
 * them, and those that talk to Kafka load a valid configuration pointing at the broker the first
 * one starts. ({@link ReadmeWalkthroughIT} runs them.)
 */
class ReadmeWalkthroughTest {

  private static final String SECTION = "## A local stack without Docker";
  private static final String JAR = "java -jar detector-app/target/vigil.jar ";

  @Test
  void everyCommandOfTheWalkthroughParsesInTheOrderTheStackNeeds() throws IOException {
    List<List<String>> commands = walkthrough();

    assertThat(commands)
        .extracting(command -> command.get(0))
        .containsExactly("broker", "rules", "run", "simulate", "tail", "revoke");
    List<String> broker = commands.get(0);
    String bootstrap = "127.0.0.1:" + broker.get(broker.indexOf("--port") + 1);
    for (List<String> command : commands) {
      CommandLine.ParseResult parsed =
          VigilCli.commandLine().parseArgs(command.toArray(String[]::new));
      CommandLine.ParseResult subcommand = parsed.subcommand();
      while (subcommand.hasSubcommand()) {
        subcommand = subcommand.subcommand();
      }
      assertThat(subcommand.errors()).as("%s", command).isEmpty();
      CommandLine.Model.CommandSpec options = subcommand.commandSpec().mixins().get("options");
      if (options == null) {
        continue;
      }
      ConfigOptions config = (ConfigOptions) options.userObject();
      config.environment = Map::of;
      assertThat(config.load().bootstrapServers()).as("%s", command).isEqualTo(bootstrap);
    }
  }

  /** The commands of the first bash block after the section heading, continuation lines joined. */
  static List<List<String>> walkthrough() throws IOException {
    String readme = Files.readString(DashboardMetrics.repositoryRoot().resolve("README.md"));
    int section = readme.indexOf(SECTION);
    assertThat(section).as("README section '%s'", SECTION).isNotNegative();
    int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
    String block = readme.substring(start, readme.indexOf("\n```", start));
    List<List<String>> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : block.split("\n")) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      boolean continues = text.endsWith("\\");
      current.append(continues ? text.substring(0, text.length() - 1) : text).append(' ');
      if (!continues) {
        String command = current.toString().strip();
        assertThat(command).as("a walkthrough command").startsWith(JAR);
        commands.add(List.of(command.substring(JAR.length()).strip().split("\\s+")));
        current.setLength(0);
      }
    }
    return commands;
  }
}
