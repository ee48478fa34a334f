package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * The quickstart's "cluster host" process ({@code sluice cluster-host}, not for operators): an
 * embedded standalone ZooKeeper and a one-DataNode MiniDFSCluster, on fixed loopback ports, under
 * one directory. When both are up it writes {@code ready.properties} ({@code zk.connect},
 * {@code hdfs.url}) for the launcher to read; it runs until its standard input closes, then stops
 * HDFS and ZooKeeper and the JVM exits. Single-threaded apart from the servers' own threads.
 */
public final class ClusterHost {
  /** Written (atomically) once both services answer. */
  public static final String READY_FILE = "ready.properties";

  private ClusterHost() {}

  /** {@code cluster-host --dir DIR --zk-port N --hdfs-port N}; blocks until stdin closes. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Path dir = null;
    int zkPort = -1;
    int hdfsPort = -1;
    for (int i = 0; i + 1 < args.size(); i += 2) {
      switch (args.get(i)) {
        case "--dir" -> dir = Path.of(args.get(i + 1));
        case "--zk-port" -> zkPort = Integer.parseInt(args.get(i + 1));
        case "--hdfs-port" -> hdfsPort = Integer.parseInt(args.get(i + 1));
        default -> {
          err.println("sluice cluster-host: unknown option '" + args.get(i) + "'");
          return 2;
        }
      }
    }
    if (dir == null || zkPort < 0 || hdfsPort < 0 || args.size() % 2 != 0) {
      err.println("usage: sluice cluster-host --dir DIR --zk-port N --hdfs-port N");
      return 2;
    }
    try {
      ZooKeeperServerEmbedded zk = startZooKeeper(dir.resolve("zookeeper"), zkPort);
      MiniDFSCluster hdfs = startHdfs(dir.resolve("hdfs"), hdfsPort);
      String hdfsUrl = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
      Properties ready = new Properties();
      ready.setProperty("zk.connect", "127.0.0.1:" + zkPort);
      ready.setProperty("hdfs.url", hdfsUrl);
      Path tmp = dir.resolve(READY_FILE + ".tmp");
      try (var w = Files.newBufferedWriter(tmp)) {
        ready.store(w, "sluice quickstart cluster host");
      }
      Files.move(tmp, dir.resolve(READY_FILE), StandardCopyOption.ATOMIC_MOVE);
      out.println("cluster host ready: ZooKeeper 127.0.0.1:" + zkPort + ", HDFS " + hdfsUrl);
      out.flush();
      // Runs until its standard input closes: the launcher closes it to stop us, and if the
      // launcher dies the pipe closes too, so no cluster host outlives its quickstart. (A JVM
      // shutdown hook cannot stop a MiniDFSCluster: it removes Hadoop's hooks while they run.)
      while (System.in.read() >= 0) {
        // ignore input
      }
      out.println("cluster host stopping: HDFS, then ZooKeeper");
      hdfs.shutdown();
      zk.close();
      out.println("cluster host stopped");
      out.flush();
      return 0;
    } catch (Exception | LinkageError e) {
      // LinkageError too: a missing class must end this JVM, not leave ZooKeeper's threads running.
      err.println("sluice cluster-host: cannot start: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  private static ZooKeeperServerEmbedded startZooKeeper(Path dir, int port) throws Exception {
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.setProperty("clientPort", Integer.toString(port));
    p.setProperty("clientPortAddress", "127.0.0.1");
    p.setProperty("dataDir", dir.resolve("data").toString());
    p.setProperty("tickTime", "2000");
    p.setProperty("admin.enableServer", "false");
    ZooKeeperServerEmbedded zk = ZooKeeperServerEmbedded.builder().baseDir(dir)
        .configuration(p).exitHandler(ExitHandler.LOG_ONLY).build();
    zk.start(30_000);
    return zk;
  }

  private static MiniDFSCluster startHdfs(Path dir, int port) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
    conf.setInt("dfs.replication", 1);
    conf.setLong("dfs.blocksize", 16L * 1024 * 1024);
    conf.setInt("dfs.heartbeat.interval", 1);
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, dir.toFile())
        .nameNodePort(port).numDataNodes(1).format(true).build();
    cluster.waitActive();
    return cluster;
  }
}
