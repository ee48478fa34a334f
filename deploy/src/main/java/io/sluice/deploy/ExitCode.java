package io.sluice.deploy;

/**
 * The exit codes of every {@code sluice} command, the launcher's and the tools' alike, so scripts
 * can tell a usage mistake from a refused config or an unreachable ZooKeeper.
 */
public final class ExitCode {
  public static final int OK = 0;
  /** The command ran and failed (an agent that could not start, events missing after a drill). */
  public static final int FAILED = 1;
  /** A mistake on the command line, named on standard error with the command's usage. */
  public static final int USAGE = 2;
  /** A config that does not load, with every problem listed. */
  public static final int BAD_CONFIG = 3;
  /** {@code topology push}: the stored topology changed since the pushed file was edited. */
  public static final int CONFLICT = 4;
  /** ZooKeeper could not be reached in time. */
  public static final int UNAVAILABLE = 5;

  private ExitCode() {}
}
