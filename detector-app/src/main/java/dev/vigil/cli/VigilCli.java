package dev.vigil.cli;

import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.DurationConverter;
import dev.vigil.tools.adapt.AdaptCommand;
import dev.vigil.tools.bench.BenchCommand;
import dev.vigil.tools.demo.DemoCommand;
import dev.vigil.tools.evaluate.EvaluateCommand;
import dev.vigil.tools.profile.ProfileCommand;
import dev.vigil.tools.replay.ReplayCommand;
import dev.vigil.tools.revoke.RevokeCommand;
import dev.vigil.tools.simulate.SimulateCommand;
import dev.vigil.tools.soak.SoakCommand;
import dev.vigil.tools.ssf.SsfCommand;
import dev.vigil.tools.tail.TailCommand;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil.jar} entry point: one command line for every way of running Vigil. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    version = "Vigil 0.1.0",
    description = {
      "Streaming detection of non-human identity abuse on Kafka Streams: token replay, access that"
          + " outlives its intent, sudden privilege use and lateral movement by service accounts, CI"
          + " pipelines, workloads and AI agents.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footer = {
      "%nStart here:",
      "  java -jar vigil.jar demo       (no cluster needed; alerts within a minute)",
      "  java -jar vigil.jar run --config vigil.yaml",
      "  java -jar vigil.jar rules validate --default",
      "%nRun 'vigil COMMAND --help' for a command's options."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      RunCommand.class,
      AdaptCommand.class,
      RulesCommand.class,
      ReplayCommand.class,
      SimulateCommand.class,
      EvaluateCommand.class,
      BenchCommand.class,
      RevokeCommand.class,
      SsfCommand.class,
      ConfigCommand.class,
      BrokerCommand.class,
      ResetCommand.class,
      TailCommand.class,
      ProfileCommand.class,
      SoakCommand.class
    })
public final class VigilCli implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Also show Kafka's own INFO lines (start-up, rebalances, leader elections).")
  boolean verbose;

  /** The formats --log-format accepts. */
  enum LogFormat {
    text,
    json
  }

  @CommandLine.Option(
      names = "--log-format",
      scope = CommandLine.ScopeType.INHERIT,
      paramLabel = "text|json",
      description = "Log lines on standard error as text (default) or one JSON object each.")
  LogFormat logFormat;

  public static void main(String[] args) {
    LogSettings.apply(args);
    System.exit(commandLine().execute(args));
  }

  /** Every command, with the conventions they share ({@link #conventions}). */
  public static CommandLine commandLine() {
    return conventions(new CommandLine(new VigilCli()));
  }

  /**
   * What every command shares, applied to {@code commandLine} and its subcommands: durations in the
   * one grammar of the rule packs ({@code 90s}, {@code 1h30m}, {@code PT90M}) for every {@link
   * Duration} option.
   */
  public static CommandLine conventions(CommandLine commandLine) {
    return commandLine
        .registerConverter(Duration.class, new DurationConverter())
        .setExecutionExceptionHandler(new CommandFailures());
  }

  /** {@code vigil} alone: the help, and a non-zero exit, since nothing was done. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.INVALID_INPUT;
  }
}
