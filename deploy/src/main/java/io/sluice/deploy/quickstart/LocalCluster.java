package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A whole local cluster as separate processes: the cluster host (ZooKeeper + MiniDFSCluster), two
 * aggregators and two edges, each with its config under {@code dir/conf}, its data under
 * {@code dir/NAME} and its log in {@code dir/logs/NAME.log}. {@link #start()} brings them up in
 * dependency order and waits for each; {@link #stop()} stops edges first (they drain into the
 * aggregators), then aggregators (they drain into HDFS and close their files), then the cluster
 * host. Used by the quickstart and by drills; {@link #edgesOnly} gives just the two edges, sending
 * to the aggregators of another cluster (drills against a cluster named by a connect string).
 *
 * <p>Every agent runs with {@code --exit-with-parent}: if this JVM dies, even by SIGKILL, they stop
 * by themselves (as the cluster host does when its standard input closes). Thread-safe.
 */
public final class LocalCluster {
  private static final List<String> AGENT_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1");
  private final Path dir;
  private final boolean discovery;
  /** Null for a whole quickstart cluster; the aggregators' tier for {@link #edgesOnly}. */
  private final TierLocation external;
  /** Appended to each edge's name to make the first word of its events. */
  private final String prefixSuffix;
  private final int rate;
  private final int eventSize;
  private final PrintStream out;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private static final int HOST_START_ATTEMPTS = 3;
  private final List<Integer> aggregatorPorts = new ArrayList<>();
  private final java.util.Map<String, Integer> incarnations = new java.util.HashMap<>();
  private String zkConnect;
  private String hdfsUrl;

  /**
   * @param discovery true: edges discover aggregators in ZooKeeper and aggregators register there;
   *     false: edges list the aggregators' fixed Avro ports
   * @param rate events per second per edge
   */
  public LocalCluster(Path dir, boolean discovery, int rate, int eventSize, PrintStream out) {
    this(dir, discovery, null, "", null, rate, eventSize, out);
  }

  private LocalCluster(Path dir, boolean discovery, TierLocation external, String prefixSuffix,
      String hdfsUrl, int rate, int eventSize, PrintStream out) {
    this.dir = dir.toAbsolutePath();
    this.discovery = discovery;
    this.external = external;
    this.prefixSuffix = prefixSuffix;
    this.hdfsUrl = hdfsUrl;
    this.zkConnect = external == null ? null : external.connect();
    this.rate = rate;
    this.eventSize = eventSize;
    this.out = out;
  }

  /**
   * Only two edges (edge1, edge2), discovering the aggregators of the tier {@code where} names;
   * no cluster host and no aggregators. Their events start with {@code edgeN<prefixSuffix>} so they
   * can be told apart from other traffic in {@code hdfsUrl}.
   */
  public static LocalCluster edgesOnly(Path dir, TierLocation where, String hdfsUrl,
      String prefixSuffix, int rate, int eventSize, PrintStream out) {
    return new LocalCluster(dir, true, where, prefixSuffix, hdfsUrl, rate, eventSize, out);
  }

  /** Starts every node, each once the ones it needs answer; throws naming the one that did not. */
  public synchronized void start() throws IOException, InterruptedException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    if (external == null) {
      startHostAndAggregators(conf, logs);
    }
    for (String name : List.of("edge1", "edge2")) {
      Path file = conf.resolve(name + ".properties");
      Files.writeString(file, edgeConfig(name, prefix(name)));
      NodeProcess edge = new NodeProcess(name, NodeProcess.Role.EDGE, AGENT_JVM,
          List.of("agent", "-n", name, "-f", file.toString(), "--no-reload-conf",
              "--exit-with-parent"), logs.resolve(name + ".log"), freePort());
      nodes.add(edge.start());
    }
    out.println("starting the edges...");
    for (NodeProcess n : nodes) {
      if (n.role() == NodeProcess.Role.EDGE) {
        awaitPort(n, n.metricsPort(), 120);
      }
    }
  }

  private void startHostAndAggregators(Path conf, Path logs)
      throws IOException, InterruptedException {
    Properties ready = startClusterHost(logs);
    zkConnect = ready.getProperty("zk.connect");
    hdfsUrl = ready.getProperty("hdfs.url");

    for (String name : List.of("agg1", "agg2")) {
      int port = freePort();
      aggregatorPorts.add(port);
      Path file = conf.resolve(name + ".properties");
      Files.writeString(file, ClusterConfigs.aggregator(name, port, hdfsUrl, dir.resolve(name)));
      List<String> args = new ArrayList<>(List.of("agent", "-n", name, "-f", file.toString(),
          "--no-reload-conf", "--exit-with-parent"));
      if (discovery) {
        args.addAll(List.of("--register-tier", ClusterConfigs.TIER, "--register-source", "r1",
            "--advertise-host", "127.0.0.1", "--zk", zkConnect, "--cluster",
            ClusterConfigs.CLUSTER));
      }
      nodes.add(new NodeProcess(name, NodeProcess.Role.AGGREGATOR, AGENT_JVM, args,
          logs.resolve(name + ".log"), freePort()).start());
    }
    out.println("starting the aggregators...");
    for (int i = 0; i < aggregatorPorts.size(); i++) {
      awaitPort(node("agg" + (i + 1)), aggregatorPorts.get(i), 120);
    }
  }

  private String edgeConfig(String name, String prefix) {
    if (!discovery) {
      return ClusterConfigs.staticEdge(name, prefix, rate, eventSize, aggregatorPorts,
          dir.resolve(name));
    }
    TierLocation where = external != null ? external : TierLocation.quickstart(zkConnect);
    return ClusterConfigs.discoveringEdge(name, prefix, rate, eventSize, where, dir.resolve(name));
  }

  /** The first word of the events of an edge's first life. */
  public String prefix(String edge) {
    return edge + prefixSuffix;
  }

  /**
   * Sends a control command to the cluster host ({@code zk-stop}, {@code expire-session ID}, ...;
   * see {@link ClusterHost}) and returns its answer.
   *
   * @throws IOException with the host's error, or when it does not answer within {@code timeout}
   */
  public String control(String command, Duration timeout)
      throws IOException, InterruptedException {
    if (external != null) {
      throw new IllegalStateException("this cluster has no cluster host of its own");
    }
    return node("cluster-host").control(command, timeout);
  }

  /**
   * Starts a node again after it died or was killed (same ports, data and log). A restarted edge's
   * demo bodies get a new first word ({@code edge1.2}) because its sequence starts at 0 again.
   * Must not be called while {@link #start()} runs.
   *
   * @return the restarted edge's new prefix, or the node name
   */
  public String restart(String name) throws IOException, InterruptedException {
    NodeProcess n = node(name);
    String prefix = name;
    if (n.role() == NodeProcess.Role.EDGE) {
      int incarnation;
      synchronized (this) {
        incarnation = incarnations.merge(name, 1, Integer::sum) + 1;
      }
      prefix = prefix(name) + "." + incarnation;
      Files.writeString(dir.resolve("conf").resolve(name + ".properties"),
          edgeConfig(name, prefix));
    }
    n.start();
    return prefix;
  }

  /** Stops edges, then aggregators, then the cluster host; reports any node that needed SIGKILL. */
  public void stop() throws InterruptedException {
    for (NodeProcess.Role role : List.of(NodeProcess.Role.EDGE, NodeProcess.Role.AGGREGATOR,
        NodeProcess.Role.CLUSTER_HOST)) {
      List<NodeProcess> group = nodes().stream().filter(n -> n.role() == role).toList();
      for (NodeProcess n : group) {
        if (!n.stop(90)) {
          out.println("  " + n.name() + " did not stop within 90 s and was killed; see " + n.log());
        }
      }
    }
  }

  public synchronized List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  public synchronized NodeProcess node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "'"));
  }

  public synchronized String zkConnect() {
    return zkConnect;
  }

  public synchronized String hdfsUrl() {
    return hdfsUrl;
  }

  public synchronized List<Integer> aggregatorPorts() {
    return List.copyOf(aggregatorPorts);
  }

  public Path dir() {
    return dir;
  }

  public boolean discovery() {
    return discovery;
  }

  /** The aggregators' tier when this is {@link #edgesOnly}, else empty. */
  public java.util.Optional<TierLocation> external() {
    return java.util.Optional.ofNullable(external);
  }

  /**
   * Starts the cluster host on two free ports. Between picking a free port and binding it another
   * process may take it, so a host that dies while starting is tried again, on other ports and in
   * a fresh directory, keeping the failed attempt's log beside the others.
   */
  private Properties startClusterHost(Path logs) throws IOException, InterruptedException {
    Path log = logs.resolve("cluster-host.log");
    for (int attempt = 1; ; attempt++) {
      Path hostDir = Files.createDirectories(
          dir.resolve(attempt == 1 ? "cluster-host" : "cluster-host-" + attempt));
      NodeProcess host = new NodeProcess("cluster-host", NodeProcess.Role.CLUSTER_HOST,
          List.of("-Xmx512m", "-XX:+UseSerialGC"), List.of("cluster-host", "--dir",
              hostDir.toString(), "--zk-port", Integer.toString(freePort()), "--hdfs-port",
              Integer.toString(freePort())), log, -1);
      nodes.add(host.start());
      out.println("starting the cluster host (ZooKeeper, HDFS)...");
      try {
        return awaitReady(host, hostDir.resolve(ClusterHost.READY_FILE), 120);
      } catch (IOException e) {
        if (host.isAlive() || attempt == HOST_START_ATTEMPTS) {
          throw e;
        }
        synchronized (this) {
          nodes.remove(host);
        }
        Path kept = logs.resolve("cluster-host.failed-" + attempt + ".log");
        if (Files.exists(log)) {
          Files.move(log, kept);
        }
        out.println("the cluster host exited while starting (" + e.getMessage().replace(
            log.toString(), kept.toString()) + "); trying again on other ports");
      }
    }
  }

  private static Properties awaitReady(NodeProcess host, Path file, long seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.exists(file)) {
      failIfDead(host);
      if (System.nanoTime() > deadline) {
        throw new IOException("the cluster host did not come up within " + seconds
            + " s; see " + host.log());
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return p;
  }

  private static void awaitPort(NodeProcess node, int port, long seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      failIfDead(node);
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException(node.name() + " does not listen on port " + port + " after "
              + seconds + " s; see " + node.log());
        }
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private static void failIfDead(NodeProcess node) throws IOException {
    if (!node.isAlive()) {
      throw new IOException(node.name() + " exited with code " + node.exitCode() + "; see "
          + node.log());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
