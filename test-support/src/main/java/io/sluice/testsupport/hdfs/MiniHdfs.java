package io.sluice.testsupport.hdfs;

import io.sluice.testsupport.ClusterService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A MiniDFSCluster (NameNode and DataNodes in-process) for tests, with settings that fail fast.
 * The only Hadoop-typed fixture: a module that uses it brings hadoop-minicluster itself.
 */
public final class MiniHdfs implements ClusterService {
  public final MiniDFSCluster cluster;
  public final Configuration conf;

  public MiniHdfs(Path baseDir, int dataNodes) throws IOException {
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
  public static Configuration clientConf(int replication) {
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
  public Configuration clientConf() {
    return clientConf(conf.getInt("dfs.replication", 1));
  }

  public String uri() {
    return "hdfs://localhost:" + cluster.getNameNodePort();
  }

  public FileSystem newFs() throws IOException {
    return FileSystem.newInstance(cluster.getURI(), clientConf());
  }

  public static MiniHdfs start(Path tmp, String name, int dataNodes) throws IOException {
    return new MiniHdfs(Files.createDirectories(tmp.resolve(name)), dataNodes);
  }

  /** A starter for {@link io.sluice.testsupport.InProcessCluster.Builder#service}. */
  public static ClusterService.Starter starter(int dataNodes) {
    return dir -> new MiniHdfs(dir, dataNodes);
  }

  /** {@code {{hdfs.uri}}}: the NameNode's URI. */
  @Override
  public Map<String, String> placeholders() {
    return Map.of("hdfs.uri", uri());
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
