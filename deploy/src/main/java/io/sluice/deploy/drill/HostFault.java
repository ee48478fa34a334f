package io.sluice.deploy.drill;

import io.sluice.deploy.quickstart.LocalCluster;
import java.io.IOException;
import java.time.Duration;

/**
 * A fault the quickstart's cluster host injects on request (see
 * {@link io.sluice.deploy.quickstart.ClusterHost}): expire a node's ZooKeeper session, stop and
 * start the ZooKeeper server, stop and start the NameNode, or kill the active one of two and
 * promote the standby (starting the killed one again as the standby). Not thread-safe.
 */
final class HostFault implements Fault {
  /** Finds the ZooKeeper session of the target node at the moment of the fault. */
  interface SessionLookup {
    long session() throws IOException;
  }

  /** Starting the NameNode waits for the DataNode to report in; leave time for a busy machine. */
  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  private final LocalCluster cluster;
  private final FaultKind kind;
  private final String target;
  private final SessionLookup session;

  private HostFault(LocalCluster cluster, FaultKind kind, String target, SessionLookup session) {
    this.cluster = cluster;
    this.kind = kind;
    this.target = target;
    this.session = session;
  }

  static HostFault expireSession(LocalCluster cluster, String target, SessionLookup session) {
    return new HostFault(cluster, FaultKind.ZK_EXPIRE, target, session);
  }

  /** {@code zk-stop}, {@code nn-restart} or {@code nn-failover}. */
  static HostFault stopService(LocalCluster cluster, FaultKind kind) {
    if (kind != FaultKind.ZK_STOP && !kind.hitsHdfs()) {
      throw new IllegalArgumentException(kind.option() + " is not a service stop");
    }
    return new HostFault(cluster, kind, kind.service(), null);
  }

  @Override
  public String inject() throws IOException, InterruptedException {
    return switch (kind) {
      case ZK_EXPIRE -> {
        long id = session.session();
        if (id == 0) {
          throw new IOException(target + " has no ZooKeeper session to expire (not connected)");
        }
        yield cluster.control("expire-session 0x" + Long.toHexString(id), TIMEOUT) + " ("
            + target + ")";
      }
      case ZK_STOP -> cluster.control("zk-stop", TIMEOUT);
      case NN_RESTART -> cluster.control("nn-stop", TIMEOUT);
      case NN_FAILOVER -> cluster.control("nn-failover", TIMEOUT);
      default -> throw new IllegalStateException(kind.option());
    };
  }

  @Override
  public String restore() throws IOException, InterruptedException {
    return switch (kind) {
      case ZK_EXPIRE -> "nothing to undo: " + target + " opens a new session by itself";
      case ZK_STOP -> cluster.control("zk-start", TIMEOUT);
      case NN_RESTART, NN_FAILOVER -> cluster.control("nn-start", TIMEOUT);
      default -> throw new IllegalStateException(kind.option());
    };
  }
}
