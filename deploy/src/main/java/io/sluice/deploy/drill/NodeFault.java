package io.sluice.deploy.drill;

import io.sluice.deploy.quickstart.LocalCluster;
import io.sluice.deploy.quickstart.NodeProcess;
import java.io.IOException;

/**
 * {@code kill} or {@code stop} of one node of the drill's own cluster: SIGKILL then a restart
 * (same config, ports and data), or SIGSTOP then SIGCONT. Not thread-safe.
 */
final class NodeFault implements Fault {
  private final LocalCluster cluster;
  private final NodeProcess node;
  private final boolean kill;

  NodeFault(LocalCluster cluster, NodeProcess node, FaultKind kind) {
    if (kind != FaultKind.KILL && kind != FaultKind.STOP) {
      throw new IllegalArgumentException(kind.option() + " is not a signal");
    }
    this.cluster = cluster;
    this.node = node;
    this.kill = kind == FaultKind.KILL;
  }

  @Override
  public String inject() throws IOException, InterruptedException {
    long pid = node.pid();
    if (kill) {
      node.kill();
    } else {
      Signals.send("STOP", livePid(), node.name());
    }
    return (kill ? "SIGKILL " : "SIGSTOP ") + node.name() + " (pid " + pid + ")";
  }

  @Override
  public String restore() throws IOException, InterruptedException {
    if (!kill) {
      Signals.send("CONT", livePid(), node.name());
      return "SIGCONT " + node.name();
    }
    String prefix = cluster.restart(node.name());
    return "restarted " + node.name() + " (pid " + node.pid() + ")"
        + (prefix.equals(node.name()) ? "" : "; its events are now '" + prefix + " N'");
  }

  /**
   * The node's pid while its process runs: once it has exited (and been reaped) the number may
   * belong to an unrelated process, which a signal must never reach.
   */
  private long livePid() throws IOException {
    long pid = node.pid();
    if (!node.isAlive()) {
      throw new IOException(node.name() + " is not running" + (pid > 0 ? " (pid " + pid
          + " has exited)" : "") + "; not signalled");
    }
    return pid;
  }
}
