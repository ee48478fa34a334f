package io.sluice.deploy.tools;

import io.sluice.deploy.ExitCode;
import io.sluice.deploy.ToolCommands;
import io.sluice.deploy.drill.Drill;
import io.sluice.deploy.quickstart.ClusterHost;
import io.sluice.deploy.quickstart.Quickstart;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The tools' entry point, loaded by name by the launcher: checks that the jars of
 * {@code tools/lib/} are on the classpath, then runs {@code quickstart}, {@code drill} or
 * {@code cluster-host}. Stateless.
 */
public final class LocalClusterTools implements ToolCommands {
  /** A class of each jar in tools/lib/ that the tools cannot run without. */
  private static final List<String> NEEDED = List.of("org.apache.hadoop.hdfs.MiniDFSCluster",
      "org.mockito.Mockito", "org.jfree.chart.JFreeChart");

  @Override
  public int run(String command, List<String> args, PrintStream out, PrintStream err) {
    Optional<String> missing = missing(getClass().getClassLoader());
    if (missing.isPresent()) {
      err.println("sluice " + command + ": " + missing.get() + " is not on the classpath: the"
          + " tools' jars are in the distribution's tools/lib/, which bin/sluice adds for "
          + "quickstart and drill");
      return ExitCode.FAILED;
    }
    return switch (command) {
      case "quickstart" -> Quickstart.run(args, out, err);
      case "drill" -> Drill.run(args, out, err);
      case "cluster-host" -> ClusterHost.run(args, out, err);
      default -> throw new IllegalArgumentException("not a tool command: " + command);
    };
  }

  /** The first class of {@link #NEEDED} that {@code loader} cannot find, if any. */
  static Optional<String> missing(ClassLoader loader) {
    for (String name : NEEDED) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }
}
