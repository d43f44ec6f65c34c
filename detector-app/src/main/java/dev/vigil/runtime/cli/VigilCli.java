package dev.vigil.runtime.cli;

import dev.vigil.tools.bench.BenchCommand;
import dev.vigil.tools.evaluate.EvaluateCommand;
import dev.vigil.tools.replay.ReplayCommand;
import dev.vigil.tools.revoke.RevokeCommand;
import dev.vigil.tools.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil.jar} entry point: one command line for every way of running Vigil. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    version = "Vigil 0.1.0",
    description = "Streaming detection of non-human identity abuse on Kafka Streams.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ReplayCommand.class,
      SimulateCommand.class,
      EvaluateCommand.class,
      BenchCommand.class,
      RevokeCommand.class,
      ConfigCommand.class,
      BrokerCommand.class
    })
public final class VigilCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new VigilCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
