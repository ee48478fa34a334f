package io.sluice.deploy.quickstart;

import io.sluice.deploy.ExitCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import org.apache.zookeeper.util.ServiceUtils;

/**
 * The quickstart's "cluster host" process ({@code sluice cluster-host}, not for operators): a
 * standalone ZooKeeper ({@link LocalZooKeeper}) and a one-DataNode MiniDFSCluster
 * ({@link LocalHdfs}), on fixed loopback ports, under one directory. When both are up it writes
 * {@code ready.properties} ({@code zk.connect}, {@code hdfs.url}) for the launcher to read. It
 * then reads control commands from its standard input, one per line
 * ({@code <n> <command> [argument]}), and answers each on standard error with one line
 * {@code @control <n> ok|error <text>} (see {@link HostControl}); when standard input closes it
 * stops HDFS and ZooKeeper and the JVM exits. Commands: {@code ping}, {@code zk-stop},
 * {@code zk-start}, {@code expire-session <id>} (hex {@code 0x...} or decimal), {@code nn-stop},
 * {@code nn-start}, {@code nn-failover}. With {@code --standby-port} HDFS is HA (two NameNodes,
 * see {@link LocalHdfs}) and {@code ready.properties} also names the clients' configuration
 * directory ({@code hadoop.conf.dir}). Single-threaded apart from the servers' own threads.
 */
public final class ClusterHost {
  /** Written (atomically) once both services answer. */
  public static final String READY_FILE = "ready.properties";
  /** The first word of every answer to a control command on standard output. */
  static final String REPLY = "@control";
  /** The key of {@code ready.properties} naming an HA cluster's client configuration directory. */
  static final String HADOOP_CONF_DIR = "hadoop.conf.dir";

  private ClusterHost() {}

  /**
   * {@code cluster-host --dir DIR --zk-port N --hdfs-port N [--standby-port N]}; blocks until
   * stdin closes.
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Path dir = null;
    int zkPort = -1;
    int hdfsPort = -1;
    int standbyPort = -1;
    for (int i = 0; i + 1 < args.size(); i += 2) {
      switch (args.get(i)) {
        case "--dir" -> dir = Path.of(args.get(i + 1));
        case "--zk-port" -> zkPort = Integer.parseInt(args.get(i + 1));
        case "--hdfs-port" -> hdfsPort = Integer.parseInt(args.get(i + 1));
        case "--standby-port" -> standbyPort = Integer.parseInt(args.get(i + 1));
        default -> {
          err.println("sluice cluster-host: unknown option '" + args.get(i) + "'");
          return ExitCode.USAGE;
        }
      }
    }
    if (dir == null || zkPort < 0 || hdfsPort < 0 || args.size() % 2 != 0) {
      err.println("usage: sluice cluster-host --dir DIR --zk-port N --hdfs-port N "
          + "[--standby-port N]");
      return ExitCode.USAGE;
    }
    // A ZooKeeper server may ask to end the JVM on a fatal error: log it instead, and let the
    // launcher see a failed command (as ZooKeeper's embedded server does).
    ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
    try {
      LocalZooKeeper zk = new LocalZooKeeper(dir.resolve("zookeeper").resolve("data"), zkPort);
      zk.start();
      LocalHdfs hdfs = LocalHdfs.start(dir.resolve("hdfs"), hdfsPort, standbyPort);
      String hdfsUrl = hdfs.url();
      Properties ready = new Properties();
      ready.setProperty("zk.connect", "127.0.0.1:" + zkPort);
      ready.setProperty("hdfs.url", hdfsUrl);
      hdfs.clientConfDir().ifPresent(d -> ready.setProperty(HADOOP_CONF_DIR, d.toString()));
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
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          String answer = answer(line.trim(), zk, hdfs);
          out.println(answer); // the log keeps what was done
          out.flush();
          err.println(answer);
          err.flush();
        }
      }
      out.println("cluster host stopping: HDFS, then ZooKeeper");
      hdfs.close();
      zk.close();
      out.println("cluster host stopped");
      out.flush();
      return ExitCode.OK;
    } catch (Exception | LinkageError e) {
      // LinkageError too: a missing class must end this JVM, not leave ZooKeeper's threads running.
      err.println("sluice cluster-host: cannot start: " + e);
      e.printStackTrace(err);
      return ExitCode.FAILED;
    }
  }

  /** Runs one command line {@code <n> <command> [argument]}; returns its answer line. */
  static String answer(String line, LocalZooKeeper zk, LocalHdfs hdfs) {
    String[] w = line.split("\\s+");
    String n = w[0];
    String command = w.length > 1 ? w[1] : "";
    try {
      String done = switch (command) {
        case "ping" -> "pong";
        case "zk-stop" -> {
          zk.stop();
          yield "ZooKeeper stopped";
        }
        case "zk-start" -> {
          zk.start();
          yield "ZooKeeper started";
        }
        case "expire-session" -> {
          if (w.length < 3) {
            throw new IllegalArgumentException("expire-session needs a session id");
          }
          long id = w[2].startsWith("0x") ? Long.parseUnsignedLong(w[2].substring(2), 16)
              : Long.parseLong(w[2]);
          zk.expire(id);
          yield "expired session 0x" + Long.toHexString(id);
        }
        case "nn-stop" -> hdfs.stopNameNode();
        case "nn-start" -> hdfs.startNameNodes();
        case "nn-failover" -> hdfs.failover();
        default -> throw new IllegalArgumentException("unknown command '" + command + "'");
      };
      return REPLY + " " + n + " ok " + done;
    } catch (Exception e) {
      return REPLY + " " + n + " error " + command + ": " + e;
    }
  }
}
