package dev.vigil.cli;

import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.ConfigOptions;
import dev.vigil.runtime.config.VigilConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil config}: shows the effective configuration and where each value came from. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Print the effective configuration, one 'key = value (origin)' line per setting, secrets"
          + " masked, followed by any warnings.",
      "Precedence: built-in defaults < --config FILE < environment (KAFKA_*, VIGIL_*) < options."
    })
public final class ConfigCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    VigilConfig config = options.load();
    config.describe().forEach(out::println);
    config.warnings().forEach(w -> err.println("warning: " + w));
    return ExitCode.OK;
  }
}
