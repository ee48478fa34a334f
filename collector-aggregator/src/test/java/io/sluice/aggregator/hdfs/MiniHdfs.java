package io.sluice.aggregator.hdfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A MiniDFSCluster (NameNode and DataNodes in-process) for tests, with settings that fail fast. */
final class MiniHdfs implements AutoCloseable {
  final MiniDFSCluster cluster;
  final Configuration conf;

  MiniHdfs(Path baseDir, int dataNodes) throws IOException {
    conf = clientConf(Math.min(dataNodes, 2));
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
    conf.setLong("dfs.blocksize", 1024 * 1024);
    conf.setInt("dfs.namenode.heartbeat.recheck-interval", 2000);
    conf.setInt("dfs.heartbeat.interval", 1);
    // this process's user may impersonate anyone (hdfs.proxyUser without Kerberos)
    String me = System.getProperty("user.name");
    conf.set("hadoop.proxyuser." + me + ".hosts", "*");
    conf.set("hadoop.proxyuser." + me + ".groups", "*");
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(dataNodes).build();
    cluster.waitActive();
  }

  /** The sink's client settings: a NameNode that is down is retried briefly, then fails the call. */
  static Configuration clientConf(int replication) {
    Configuration c = new Configuration();
    c.setInt("dfs.replication", replication);
    c.setInt("ipc.client.connect.max.retries", 2);
    c.setInt("ipc.client.connect.max.retries.on.timeouts", 2);
    c.setInt("ipc.client.connect.retry.interval", 200);
    c.setInt("ipc.client.connect.timeout", 2000);
    c.setInt("dfs.client.retry.max.attempts", 1);
    c.setBoolean("dfs.client.retry.policy.enabled", false);
    c.set("dfs.client.block.write.replace-datanode-on-failure.policy", "NEVER");
    c.setBoolean("fs.hdfs.impl.disable.cache", true);
    return c;
  }

  /** Client settings for a sink writing to this cluster. */
  Configuration clientConf() {
    return clientConf(conf.getInt("dfs.replication", 1));
  }

  String uri() {
    return "hdfs://localhost:" + cluster.getNameNodePort();
  }

  FileSystem newFs() throws IOException {
    return FileSystem.newInstance(cluster.getURI(), clientConf());
  }

  static MiniHdfs start(Path tmp, String name, int dataNodes) throws IOException {
    return new MiniHdfs(Files.createDirectories(tmp.resolve(name)), dataNodes);
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
