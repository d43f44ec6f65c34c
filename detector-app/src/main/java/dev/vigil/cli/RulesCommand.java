package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil rules}: check and roll out rule packs. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Validate a rule pack, or publish it to the rules topic of a running deployment.",
    subcommands = {RulesValidateCommand.class, RulesPublishCommand.class},
    footer = {
      "%nExamples:",
      "  vigil rules validate my-pack.yaml",
      "  vigil rules validate --default",
      "  vigil rules publish my-pack.yaml --bootstrap-servers kafka-1:9092"
    })
public final class RulesCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "vigil rules: name a subcommand, validate or publish");
  }
}
