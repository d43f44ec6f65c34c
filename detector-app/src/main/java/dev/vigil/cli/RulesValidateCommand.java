package dev.vigil.cli;

import dev.vigil.rules.pack.PackValidator;
import dev.vigil.rules.pack.RulePacks;
import dev.vigil.rules.pack.ValidationReport;
import dev.vigil.runtime.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil rules validate}: the pack checked exactly as the detector would load it. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a rule pack as the detector would load it: every problem as FILE:LINE:COL: field '...': what is"
          + " wrong; for a valid pack its rules and any warnings.",
      "Exit code 0 when the pack is valid, 4 when it is not (as for every command refusing a pack)."
    },
    footer = {
      "%nExamples:",
      "  vigil rules validate my-pack.yaml",
      "  vigil rules validate --default"
    })
public final class RulesValidateCommand implements Callable<Integer> {

  static final class Target {
    @Parameters(paramLabel = "PACK.yaml", description = "The rule pack file.")
    Path file;

    @Option(names = "--default", description = "Validate the pack shipped inside vigil.jar.")
    boolean shipped;
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ValidationReport report;
    if (target.shipped) {
      report = PackValidator.validate(RulePacks.defaultPackText(), "default-pack.yaml (built in)");
    } else if (!Files.isRegularFile(target.file)) {
      spec.commandLine().getErr().println("vigil rules validate: no such file: " + target.file);
      return ExitCode.INVALID_INPUT;
    } else {
      report = PackValidator.validate(target.file);
    }
    PrintWriter printer =
        report.valid() ? spec.commandLine().getOut() : spec.commandLine().getErr();
    printer.print(report.render());
    printer.flush();
    return report.valid() ? 0 : ExitCode.INVALID_RULES;
  }
}
