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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A whole local cluster as separate processes: the cluster host (ZooKeeper + MiniDFSCluster), two
 * aggregators, two edges and, when the edges tail log files ({@link EdgeLoad#tailedLogs}), one
 * {@link LogWriter} per edge ({@code app1}, {@code app2}) writing and rotating the file its
 * edge's TAILDIR source follows ({@code dir/appN/logs/app.log}, ledger
 * {@code dir/appN/ledger.properties}). Each node has its config under {@code dir/conf}, its data
 * under {@code dir/NAME} and its log in {@code dir/logs/NAME.log}. {@link #start()} brings them up
 * in dependency order and waits for each; {@link #stop()} stops the writers first (the edges then
 * read what they wrote), then the edges (they drain into the aggregators), then aggregators (they
 * drain into HDFS and close their files), then the cluster host. Used by the quickstart and by
 * drills; {@link #edgesOnly} gives just the two edges (and their writers), sending to the
 * aggregators of another cluster (drills against a cluster named by a connect string).
 *
 * <p>Every agent runs with {@code --exit-with-parent}, and a writer stops when its standard input
 * ends: if this JVM dies, even by SIGKILL, they stop by themselves (as the cluster host does when
 * its standard input closes). Thread-safe.
 */
public final class LocalCluster {
  private static final List<String> AGENT_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1");
  private static final List<String> WRITER_JVM = List.of("-Xmx32m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1");
  private static final List<String> EDGES = List.of("edge1", "edge2");
  /** The log file each writer appends to, and the only name its edge's TAILDIR pattern matches. */
  public static final String APP_LOG = "app.log";
  /** Rotated files each writer keeps ({@code app.log.1} .. {@code app.log.5}). */
  static final int GENERATIONS = 5;
  /** How long edges get to read what the writers wrote after they stopped. */
  public static final Duration CATCH_UP = Duration.ofSeconds(60);
  /** What a TAILDIR source logs once it follows its files. */
  private static final Pattern TAILDIR_STARTED =
      Pattern.compile("follows \\d+ files in \\d+ group");
  private final Path dir;
  private final boolean discovery;
  /** Whether the cluster host runs HDFS with two NameNodes (HA, by nameservice). */
  private final boolean haHdfs;
  /** Null for a whole quickstart cluster; the aggregators' tier for {@link #edgesOnly}. */
  private final TierLocation external;
  /** Appended to each edge's name to make the first word of its events. */
  private final String prefixSuffix;
  private final EdgeLoad load;
  private final PrintStream out;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private static final int HOST_START_ATTEMPTS = 3;
  private final List<Integer> aggregatorPorts = new ArrayList<>();
  private final java.util.Map<String, Integer> incarnations = new java.util.HashMap<>();
  private String zkConnect;
  private String hdfsUrl;
  /** HA: the client configuration the cluster host wrote (the aggregators' HADOOP_CONF_DIR). */
  private Path hadoopConfDir;

  /**
   * @param discovery true: edges discover aggregators in ZooKeeper and aggregators register there;
   *     false: edges list the aggregators' fixed Avro ports
   * @param load where the edges' events come from
   */
  public LocalCluster(Path dir, boolean discovery, EdgeLoad load, PrintStream out) {
    this(dir, discovery, false, load, out);
  }

  /**
   * @param haHdfs true: HDFS has two NameNodes behind a nameservice ({@link LocalHdfs}), which
   *     the aggregators find through {@code HADOOP_CONF_DIR}
   */
  public LocalCluster(Path dir, boolean discovery, boolean haHdfs, EdgeLoad load,
      PrintStream out) {
    this(dir, discovery, haHdfs, null, "", null, load, out);
  }

  private LocalCluster(Path dir, boolean discovery, boolean haHdfs, TierLocation external,
      String prefixSuffix, String hdfsUrl, EdgeLoad load, PrintStream out) {
    this.dir = dir.toAbsolutePath();
    this.discovery = discovery;
    this.haHdfs = haHdfs;
    this.external = external;
    this.prefixSuffix = prefixSuffix;
    this.hdfsUrl = hdfsUrl;
    this.zkConnect = external == null ? null : external.connect();
    this.load = load;
    this.out = out;
  }

  /**
   * Only two edges (edge1, edge2), discovering the aggregators of the tier {@code where} names;
   * no cluster host and no aggregators. Their events start with {@code edgeN<prefixSuffix>} so they
   * can be told apart from other traffic in {@code hdfsUrl}.
   */
  public static LocalCluster edgesOnly(Path dir, TierLocation where, String hdfsUrl,
      String prefixSuffix, EdgeLoad load, PrintStream out) {
    return new LocalCluster(dir, true, false, where, prefixSuffix, hdfsUrl, load, out);
  }

  /** Starts every node, each once the ones it needs answer; throws naming the one that did not. */
  public synchronized void start() throws IOException, InterruptedException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    if (external == null) {
      startHostAndAggregators(conf, logs);
    }
    for (String name : EDGES) {
      if (load.tailed()) {
        Files.createDirectories(logDir(name));
      }
      Path file = conf.resolve(name + ".properties");
      Files.writeString(file, edgeConfig(name, prefix(name)));
      List<String> args = new ArrayList<>(List.of("agent", "-n", name, "-f", file.toString(),
          "--no-reload-conf", "--exit-with-parent"));
      if (discovery && external == null) {
        // Recorded in ZooKeeper with their monitoring address: sluice status and top list them.
        args.addAll(List.of("--zk", zkConnect, "--cluster", ClusterConfigs.CLUSTER));
      }
      NodeProcess edge = new NodeProcess(name, NodeProcess.Role.EDGE, AGENT_JVM, args,
          logs.resolve(name + ".log"), freePort());
      nodes.add(edge.start());
    }
    out.println("starting the edges...");
    for (NodeProcess n : nodes) {
      if (n.role() == NodeProcess.Role.EDGE) {
        awaitPort(n, n.metricsPort(), 120);
      }
    }
    if (load.tailed()) {
      startWriters(logs);
    }
  }

  /**
   * Starts one log writer per edge once the edge's TAILDIR source follows its directory (a
   * rotation before that would leave lines in a file it never saw), and waits for their ledgers.
   */
  private void startWriters(Path logs) throws IOException, InterruptedException {
    for (String edge : EDGES) {
      awaitLogLine(node(edge), TAILDIR_STARTED, 120);
    }
    out.println("starting the log writers...");
    List<NodeProcess> writers = new ArrayList<>();
    for (String edge : EDGES) {
      LogWriterConfig c = new LogWriterConfig(logDir(edge), APP_LOG, prefix(edge), load.rate(),
          load.eventSize(), load.rotateEvery(), GENERATIONS, ledgerFile(edge));
      NodeProcess w = new NodeProcess(writerOf(edge), NodeProcess.Role.WRITER, WRITER_JVM,
          LogWriter.class.getName(), c.args(), logs.resolve(writerOf(edge) + ".log"), -1);
      nodes.add(w.start());
      writers.add(w);
    }
    for (NodeProcess w : writers) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(ledgerFile(edgeOf(w.name())))) {
        failIfDead(w);
        if (System.nanoTime() > deadline) {
          throw new IOException(w.name() + " wrote no ledger within 60 s; see " + w.log());
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  /** The log writer feeding {@code edge} ({@code edge1} -> {@code app1}). */
  public static String writerOf(String edge) {
    return "app" + edge.substring("edge".length());
  }

  private static String edgeOf(String writer) {
    return "edge" + writer.substring("app".length());
  }

  /** The directory {@code edge}'s TAILDIR source follows and its writer writes. */
  public Path logDir(String edge) {
    return dir.resolve(writerOf(edge)).resolve("logs");
  }

  private Path ledgerFile(String edge) {
    return dir.resolve(writerOf(edge)).resolve("ledger.properties");
  }

  /** The latest ledger of each edge's log writer, by edge name; empty for demo edges. */
  public Map<String, Ledger> ledgers() throws IOException {
    Map<String, Ledger> ledgers = new LinkedHashMap<>();
    if (load.tailed()) {
      for (String edge : EDGES) {
        Optional<Ledger> l = Ledger.read(ledgerFile(edge));
        if (l.isPresent()) {
          ledgers.put(edge, l.get());
        }
      }
    }
    return ledgers;
  }

  /**
   * Tells every log writer to rotate its file every {@code every} from now on, rename and
   * copytruncate alternately (zero: stop rotating).
   */
  public void rotateLogs(Duration every) throws IOException {
    if (!load.tailed()) {
      throw new IllegalStateException("the edges run demo sources: no log files to rotate");
    }
    for (NodeProcess n : nodes()) {
      if (n.role() == NodeProcess.Role.WRITER) {
        n.send("rotate-every " + every.toMillis());
      }
    }
  }

  /**
   * Stops the log writers (their last ledgers are final), then waits up to {@code catchUp} until
   * every running edge's TAILDIR source has read all they wrote ({@link CatchUp}); prints which
   * did not. Nothing to do for demo edges.
   *
   * @return whether every edge caught up
   */
  public boolean stopWriters(Duration catchUp) throws IOException, InterruptedException {
    List<NodeProcess> writers = nodes().stream()
        .filter(n -> n.role() == NodeProcess.Role.WRITER).toList();
    if (writers.isEmpty()) {
      return true;
    }
    stopGroup(writers);
    Map<String, Ledger> ledgers = ledgers();
    Map<NodeProcess, Long> written = new LinkedHashMap<>();
    for (String edge : EDGES) {
      Ledger l = ledgers.get(edge);
      written.put(node(edge), l == null ? 0 : l.written());
    }
    List<String> behind = new CatchUp(new MetricsClient()).await(written, catchUp);
    if (!behind.isEmpty()) {
      out.println("  " + behind + " had not read all their logs " + catchUp.toSeconds()
          + " s after the writers stopped; stopping them anyway (see their logs)");
    }
    return behind.isEmpty();
  }

  public EdgeLoad load() {
    return load;
  }

  /**
   * Each running edge's source counters ({@code SOURCE.r1} of its metrics: for TAILDIR the
   * truncations it saw, copies it followed, bytes it gave up), by edge name.
   */
  public Map<String, Map<String, Long>> edgeSourceCounters() {
    MetricsClient metrics = new MetricsClient();
    Map<String, Map<String, Long>> sources = new LinkedHashMap<>();
    for (NodeProcess n : nodes()) {
      if (n.role() == NodeProcess.Role.EDGE && n.isAlive()) {
        sources.put(n.name(), metrics.read(n.metricsPort()).getOrDefault("SOURCE.r1", Map.of()));
      }
    }
    return sources;
  }

  private void startHostAndAggregators(Path conf, Path logs)
      throws IOException, InterruptedException {
    Properties ready = startClusterHost(logs);
    zkConnect = ready.getProperty("zk.connect");
    hdfsUrl = ready.getProperty("hdfs.url");
    String clientConf = ready.getProperty(ClusterHost.HADOOP_CONF_DIR);
    synchronized (this) {
      hadoopConfDir = clientConf == null ? null : Path.of(clientConf);
    }

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
      NodeProcess aggregator = new NodeProcess(name, NodeProcess.Role.AGGREGATOR, AGENT_JVM, args,
          logs.resolve(name + ".log"), freePort());
      if (clientConf != null) {
        aggregator.environment("HADOOP_CONF_DIR", clientConf);
      }
      nodes.add(aggregator.start());
    }
    out.println("starting the aggregators...");
    for (int i = 0; i < aggregatorPorts.size(); i++) {
      awaitPort(node("agg" + (i + 1)), aggregatorPorts.get(i), 120);
    }
  }

  private String edgeConfig(String name, String prefix) {
    EdgeSource source = load.tailed()
        ? new EdgeSource.Taildir(logDir(name), APP_LOG,
            dir.resolve(name).resolve("taildir-position.json"))
        : new EdgeSource.Demo(prefix, load.rate(), load.eventSize());
    if (!discovery) {
      return ClusterConfigs.staticEdge(name, source, aggregatorPorts, dir.resolve(name));
    }
    TierLocation where = external != null ? external : TierLocation.quickstart(zkConnect);
    return ClusterConfigs.discoveringEdge(name, source, where, dir.resolve(name));
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
   * Starts a node again after it died or was killed (same ports, data and log). A restarted demo
   * edge's bodies get a new first word ({@code edge1.2}) because its sequence starts at 0 again;
   * a TAILDIR edge resumes from its position file, its writer's numbering unchanged. Must not be
   * called while {@link #start()} runs.
   *
   * @return the restarted edge's new prefix, or the node name
   */
  public String restart(String name) throws IOException, InterruptedException {
    NodeProcess n = node(name);
    String prefix = name;
    if (n.role() == NodeProcess.Role.EDGE && !load.tailed()) {
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

  /**
   * Stops the log writers (and lets the edges read what they wrote), then edges, then aggregators,
   * then the cluster host; reports any node that needed SIGKILL.
   */
  public void stop() throws InterruptedException {
    try {
      stopWriters(CATCH_UP);
    } catch (IOException e) {
      out.println("  cannot read the log writers' ledgers: " + e.getMessage());
    }
    for (NodeProcess.Role role : List.of(NodeProcess.Role.EDGE, NodeProcess.Role.AGGREGATOR,
        NodeProcess.Role.CLUSTER_HOST)) {
      stopGroup(nodes().stream().filter(n -> n.role() == role).toList());
    }
  }

  private void stopGroup(List<NodeProcess> group) throws InterruptedException {
    for (NodeProcess n : group) {
      if (!n.stop(90)) {
        out.println("  " + n.name() + " did not stop within 90 s and was killed; see " + n.log());
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

  /**
   * The Hadoop client settings that reach this cluster's HDFS (with an HA cluster's failover
   * settings), for reading back what landed.
   */
  public synchronized org.apache.hadoop.conf.Configuration hdfsClientConf() {
    return LandedEvents.clientConf(Optional.ofNullable(hadoopConfDir));
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
      List<String> args = new ArrayList<>(List.of("cluster-host", "--dir", hostDir.toString(),
          "--zk-port", Integer.toString(freePort()), "--hdfs-port", Integer.toString(freePort())));
      if (haHdfs) {
        args.addAll(List.of("--standby-port", Integer.toString(freePort())));
      }
      NodeProcess host = new NodeProcess("cluster-host", NodeProcess.Role.CLUSTER_HOST,
          List.of("-Xmx512m", "-XX:+UseSerialGC"), args, log, -1);
      nodes.add(host.start());
      out.println("starting the cluster host (ZooKeeper, HDFS" + (haHdfs ? " with two NameNodes"
          : "") + ")...");
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

  private static void awaitLogLine(NodeProcess node, Pattern line, long seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.exists(node.log()) || !line.matcher(Files.readString(node.log())).find()) {
      failIfDead(node);
      if (System.nanoTime() > deadline) {
        throw new IOException(node.name() + " did not log '" + line.pattern() + "' within "
            + seconds + " s; see " + node.log());
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
