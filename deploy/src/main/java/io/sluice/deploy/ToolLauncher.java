package io.sluice.deploy;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs a tool command through {@link ToolCommands}, loaded by name when one is asked for: the
 * launcher's classes never name a tool class, so {@code lib/} alone runs the agent and the
 * ZooKeeper commands (ArchitectureTest keeps it so). Stateless.
 */
final class ToolLauncher {
  private static final String ENTRY_POINT = "io.sluice.deploy.tools.LocalClusterTools";

  private ToolLauncher() {}

  static int run(String command, List<String> args, PrintStream out, PrintStream err) {
    ToolCommands tools;
    try {
      tools = Class.forName(ENTRY_POINT).asSubclass(ToolCommands.class).getConstructor()
          .newInstance();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      err.println("sluice " + command + ": the tools are not installed (" + e + ")");
      return ExitCode.FAILED;
    }
    return tools.run(command, args, out, err);
  }
}
