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
      Signals.send("STOP", pid, node.name());
    }
    return (kill ? "SIGKILL " : "SIGSTOP ") + node.name() + " (pid " + pid + ")";
  }

  @Override
  public String restore() throws IOException, InterruptedException {
    if (!kill) {
      Signals.send("CONT", node.pid(), node.name());
      return "SIGCONT " + node.name();
    }
    String prefix = cluster.restart(node.name());
    return "restarted " + node.name() + " (pid " + node.pid() + ")"
        + (prefix.equals(node.name()) ? "" : "; its events are now '" + prefix + " N'");
  }
}
