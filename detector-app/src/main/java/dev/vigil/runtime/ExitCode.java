package dev.vigil.runtime;

/**
 * The exit codes of every {@code vigil} command, one set for all, so a script or an orchestrator
 * can tell a bad input from a missing cluster whichever command it ran. The README's table is
 * checked against this class by a test.
 */
public final class ExitCode {

  /** The command did what it was asked. */
  public static final int OK = 0;

  /**
   * It ran and stopped on a failure of its own: the streams app died, an audit found a loss or a
   * duplicate, a target the command checks was missed.
   */
  public static final int FAILED = 1;

  /** The command line, the configuration or an input file was refused before anything ran. */
  public static final int INVALID_INPUT = 2;

  /** The Kafka cluster or the Schema Registry could not be reached, or topics are missing. */
  public static final int CLUSTER_PROBLEM = 3;

  /** A rule pack was refused (by {@code rules validate}, {@code rules publish} or {@code run}). */
  public static final int INVALID_RULES = 4;

  private ExitCode() {}
}
