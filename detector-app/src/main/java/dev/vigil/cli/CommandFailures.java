package dev.vigil.cli;

import dev.vigil.rules.pack.RulePackException;
import dev.vigil.runtime.ExitCode;
import dev.vigil.runtime.config.VigilConfigException;
import dev.vigil.runtime.topics.ClusterUnreachableException;
import dev.vigil.runtime.topics.MissingTopicsException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The failures every command can meet, turned into one sentence and one exit code in one place: a
 * setting Vigil cannot use, a cluster it cannot reach, a rule pack it refuses. Commands let these
 * propagate instead of each catching and wording them; anything else is a bug and keeps its stack
 * trace.
 */
final class CommandFailures implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed)
      throws Exception {
    int exitCode = exitCode(failure);
    if (exitCode == ExitCode.FAILED) {
      throw failure;
    }
    String name = command.getCommandSpec().qualifiedName(" ");
    String prefix = failure instanceof RulePackException ? "rule pack refused: " : "";
    command.getErr().println(name + ": " + prefix + failure.getMessage());
    return exitCode;
  }

  static int exitCode(Exception failure) {
    if (failure instanceof VigilConfigException) {
      return ExitCode.INVALID_INPUT;
    }
    if (failure instanceof ClusterUnreachableException
        || failure instanceof MissingTopicsException) {
      return ExitCode.CLUSTER_PROBLEM;
    }
    if (failure instanceof RulePackException) {
      return ExitCode.INVALID_RULES;
    }
    return ExitCode.FAILED;
  }
}
