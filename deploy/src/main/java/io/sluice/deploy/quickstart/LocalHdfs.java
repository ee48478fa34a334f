package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.MiniDFSNNTopology;
import org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider;

/**
 * The cluster host's HDFS: a one-DataNode MiniDFSCluster with one NameNode on a fixed port, or
 * (HA) two NameNodes behind nameservice {@value #NAMESERVICE} on two fixed ports, the first
 * active. An HA cluster writes its client configuration ({@code hdfs-site.xml} with the failover
 * settings) into a directory for clients to use as {@code HADOOP_CONF_DIR}, as production clients
 * know a nameservice. Not thread-safe: the cluster host's command loop uses it.
 */
public final class LocalHdfs implements AutoCloseable {
  /** The nameservice of an HA cluster: its URL is {@code hdfs://quickstart}. */
  public static final String NAMESERVICE = "quickstart";
  private static final String[] NN_IDS = {"nn1", "nn2"};
  private final MiniDFSCluster cluster;
  private final Optional<Path> clientConfDir;
  /** Which NameNodes this host stopped (MiniDFSCluster's own "up" check waits on safe mode). */
  private final boolean[] stopped;

  private LocalHdfs(MiniDFSCluster cluster, Optional<Path> clientConfDir) {
    this.cluster = cluster;
    this.clientConfDir = clientConfDir;
    this.stopped = new boolean[cluster.getNumNameNodes()];
  }

  /**
   * Starts it under {@code dir}.
   *
   * @param standbyPort the second NameNode's port (HA), or -1 for a single NameNode
   */
  public static LocalHdfs start(Path dir, int port, int standbyPort) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
    conf.setInt("dfs.replication", 1);
    conf.setLong("dfs.blocksize", 16L * 1024 * 1024);
    conf.setInt("dfs.heartbeat.interval", 1);
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    MiniDFSCluster.Builder b = new MiniDFSCluster.Builder(conf, dir.toFile()).numDataNodes(1)
        .format(true);
    if (standbyPort < 0) {
      MiniDFSCluster cluster = b.nameNodePort(port).build();
      cluster.waitActive();
      return new LocalHdfs(cluster, Optional.empty());
    }
    // The standby reads the shared edits every second, so a promotion has little to catch up on.
    conf.setInt("dfs.ha.tail-edits.period", 1);
    MiniDFSCluster cluster = b.nnTopology(new MiniDFSNNTopology().addNameservice(
        new MiniDFSNNTopology.NSConf(NAMESERVICE)
            .addNN(new MiniDFSNNTopology.NNConf(NN_IDS[0]).setIpcPort(port))
            .addNN(new MiniDFSNNTopology.NNConf(NN_IDS[1]).setIpcPort(standbyPort)))).build();
    try {
      cluster.waitActive();
      cluster.transitionToActive(0);
      return new LocalHdfs(cluster, Optional.of(writeClientConf(dir.resolve("client-conf"),
          port, standbyPort)));
    } catch (IOException | RuntimeException e) {
      cluster.shutdown(true);
      throw e;
    }
  }

  /** The client side of the nameservice, as a cluster's {@code /etc/hadoop/conf} has it. */
  private static Path writeClientConf(Path dir, int port, int standbyPort) throws IOException {
    Configuration c = new Configuration(false);
    c.set("dfs.nameservices", NAMESERVICE);
    c.set("dfs.ha.namenodes." + NAMESERVICE, String.join(",", NN_IDS));
    c.set("dfs.namenode.rpc-address." + NAMESERVICE + "." + NN_IDS[0], "127.0.0.1:" + port);
    c.set("dfs.namenode.rpc-address." + NAMESERVICE + "." + NN_IDS[1], "127.0.0.1:" + standbyPort);
    c.set("dfs.client.failover.proxy.provider." + NAMESERVICE,
        ConfiguredFailoverProxyProvider.class.getName());
    // A killed NameNode refuses connections: try the other one soon rather than after 0.5-15 s.
    c.setInt("dfs.client.failover.sleep.base.millis", 100);
    c.setInt("dfs.client.failover.sleep.max.millis", 1000);
    c.setInt("dfs.replication", 1);
    Files.createDirectories(dir);
    try (OutputStream out = Files.newOutputStream(dir.resolve("hdfs-site.xml"))) {
      c.writeXml(out);
    }
    return dir;
  }

  /** {@code hdfs://127.0.0.1:PORT}, or {@code hdfs://quickstart} when HA. */
  public String url() {
    return clientConfDir.isPresent() ? "hdfs://" + NAMESERVICE
        : "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  /** HA: the directory holding the clients' {@code hdfs-site.xml}; else empty. */
  public Optional<Path> clientConfDir() {
    return clientConfDir;
  }

  /** {@code nn-stop}: stops the (first) NameNode. */
  String stopNameNode() {
    cluster.shutdownNameNode(0);
    stopped[0] = true;
    return "NameNode stopped";
  }

  /**
   * {@code nn-start}: starts every stopped NameNode again on its port; in an HA cluster it comes
   * back as a standby.
   */
  String startNameNodes() throws IOException {
    StringBuilder started = new StringBuilder();
    for (int i = 0; i < stopped.length; i++) {
      if (stopped[i]) {
        cluster.restartNameNode(i, true);
        stopped[i] = false;
        started.append(started.length() == 0 ? "" : ", ").append(name(i)).append(" on port ")
            .append(cluster.getNameNodePort(i));
      }
    }
    if (started.length() == 0) {
      throw new IllegalStateException("no NameNode is stopped");
    }
    return "NameNode started: " + started + (clientConfDir.isPresent() ? " (standby)" : "");
  }

  /**
   * {@code nn-failover}: kills the active NameNode (no clean hand-over: its clients find it gone)
   * and makes the standby active, as a failover controller would.
   */
  String failover() throws IOException {
    if (clientConfDir.isEmpty()) {
      throw new IllegalStateException("HDFS has a single NameNode: the cluster host runs HA only "
          + "with --standby-port");
    }
    int active = -1;
    for (int i = 0; i < stopped.length; i++) {
      if (!stopped[i] && cluster.getNameNode(i).isActiveState()) {
        active = i;
      }
    }
    if (active < 0) {
      throw new IllegalStateException("no NameNode is active");
    }
    int standby = 1 - active;
    if (stopped[standby]) {
      throw new IllegalStateException(name(standby) + " is stopped: nothing to fail over to");
    }
    long start = System.nanoTime();
    cluster.shutdownNameNode(active);
    stopped[active] = true;
    cluster.transitionToActive(standby);
    return name(active) + " killed, " + name(standby) + " active in "
        + (System.nanoTime() - start) / 1_000_000 + " ms";
  }

  private static String name(int index) {
    return NN_IDS[index];
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}
