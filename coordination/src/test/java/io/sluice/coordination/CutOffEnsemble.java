package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A 3-server ensemble in which one client (the edge's) is cut off while another (the operators'
 * or aggregators') keeps writing: the edge talks to server 0 only, the other client to servers 1
 * and 2, which keep quorum while server 0 is down. Records the edge client's connection states.
 */
final class CutOffEnsemble implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final Duration SESSION = Duration.ofSeconds(20);

  private final TestingCluster cluster;
  private final InstanceSpec edgeServer;
  private final ZkPaths paths;
  private final CuratorFramework others;
  private final CuratorFramework edge;
  private final List<ConnectionState> edgeStates = new CopyOnWriteArrayList<>();
  private final List<Long> reconnectedAt = new CopyOnWriteArrayList<>();

  CutOffEnsemble(String sluiceCluster) throws Exception {
    cluster = new TestingCluster(3);
    cluster.start();
    List<InstanceSpec> servers = List.copyOf(cluster.getInstances());
    edgeServer = servers.get(0);
    ZkSettings edgeSettings = Zk.settings(edgeServer.getConnectString(), sluiceCluster)
        .withTimeouts(SESSION, Duration.ofSeconds(3));
    ZkSettings otherSettings = Zk.settings(servers.get(1).getConnectString() + ","
        + servers.get(2).getConnectString(), sluiceCluster)
        .withTimeouts(SESSION, Duration.ofSeconds(3));
    paths = edgeSettings.paths();
    others = Zk.client(otherSettings);
    // Pinned to its server: Curator's ensemble tracker would otherwise teach it the others.
    edge = CuratorFrameworkFactory.builder().connectString(edgeSettings.connectString())
        .sessionTimeoutMs((int) SESSION.toMillis()).connectionTimeoutMs(3_000)
        .retryPolicy(ZkClientFactory.retryPolicy()).ensembleTracker(false).build();
    edge.start();
    edge.getConnectionStateListenable().addListener((c, s) -> {
      edgeStates.add(s);
      if (s == ConnectionState.RECONNECTED) {
        reconnectedAt.add(System.nanoTime());
      }
    });
    assertTrue(edge.blockUntilConnected((int) DEADLINE.toSeconds(), TimeUnit.SECONDS),
        "the edge client connected to " + edgeServer.getConnectString());
  }

  /** The client that is cut off. */
  CuratorFramework edge() {
    return edge;
  }

  /** The client that stays connected (to servers 1 and 2). */
  CuratorFramework others() {
    return others;
  }

  ZkPaths paths() {
    return paths;
  }

  /** Cuts the edge off: its server goes down, the ensemble keeps quorum. */
  void cutEdgeOff() throws Exception {
    int suspendedBefore = count(ConnectionState.SUSPENDED);
    assertTrue(cluster.killServer(edgeServer));
    await().atMost(DEADLINE).until(() -> count(ConnectionState.SUSPENDED) > suspendedBefore);
  }

  /** Brings the edge's server back; answers when the edge client reconnected (nanoTime). */
  long bringEdgeBack() throws Exception {
    int before = reconnectedAt.size();
    assertTrue(cluster.restartServer(edgeServer));
    await().atMost(DEADLINE).until(() -> reconnectedAt.size() > before);
    return reconnectedAt.get(before);
  }

  private int count(ConnectionState state) {
    return (int) edgeStates.stream().filter(state::equals).count();
  }

  @Override
  public void close() throws Exception {
    edge.close();
    others.close();
    cluster.close();
  }
}
