package io.sluice.deploy;

import java.io.PrintStream;
import java.util.List;

/**
 * The commands that run a cluster of their own ({@code quickstart}, {@code drill} and the
 * quickstart's {@code cluster-host}). Their jars (MiniDFSCluster, Mockito, JFreeChart) ship in
 * {@code tools/lib/}, which {@code bin/sluice} puts on the classpath for those commands only, so
 * the launcher never links against them: {@link ToolLauncher} loads the implementation by name.
 * Implementations have a public no-argument constructor.
 */
public interface ToolCommands {
  /**
   * Runs {@code command}: {@code quickstart}, {@code drill} or {@code cluster-host}, the commands
   * {@code bin/sluice-launcher.sh} gives {@code tools/lib/}; returns its exit code.
   */
  int run(String command, List<String> args, PrintStream out, PrintStream err);
}
