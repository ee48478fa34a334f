package io.sluice.testsupport;

import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A whole pipeline in this JVM: optionally a ZooKeeper server, optionally services such as HDFS
 * ({@code io.sluice.testsupport.hdfs.MiniHdfs}), N standard aggregators ({@link
 * InProcessAggregator}, announced in a tier when one is given), and agents built from
 * Flume-format config text: aggregators of your own first, then edges. {@link #close()} stops
 * edges, then aggregators, then services, then ZooKeeper.
 *
 * <p>Config text may use placeholders: {@code {{dir}}} (the agent's own directory), {@code
 * {{port}}} (a loopback port reserved for the agent), {@code {{port:NAME}}} (another agent's or
 * standard aggregator's), {@code {{zk.connect}}}, {@code {{zk.cluster}}}, and the services'
 * (e.g. {@code {{hdfs.uri}}}). An unknown placeholder fails the build, naming it.
 */
public final class InProcessCluster implements AutoCloseable {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

  private final TestZooKeeper zooKeeper;
  private final ZkSettings settings;
  private final Path workDir;
  private final String tier;
  private final Duration shutdownGrace;
  private final List<ClusterService> services = new ArrayList<>();
  private final Map<String, InProcessAggregator> aggregators = new LinkedHashMap<>();
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<String> edgeNames = new ArrayList<>();

  private InProcessCluster(TestZooKeeper zooKeeper, ZkSettings settings, Path workDir,
      String tier, Duration shutdownGrace) {
    this.zooKeeper = zooKeeper;
    this.settings = settings;
    this.workDir = workDir;
    this.tier = tier;
    this.shutdownGrace = shutdownGrace;
  }

  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /** The ZooKeeper server; fails when the cluster was built without one. */
  public TestZooKeeper zooKeeper() {
    if (zooKeeper == null) {
      throw new IllegalStateException("this cluster has no ZooKeeper: call zooKeeper() on the builder");
    }
    return zooKeeper;
  }

  /** The cluster's ZooKeeper settings (server and cluster name). */
  public ZkSettings settings() {
    zooKeeper();
    return settings;
  }

  /** Standard aggregator {@code name} (a1, a2, ...). */
  public synchronized InProcessAggregator aggregator(String name) {
    return require(aggregators.get(name), name);
  }

  public synchronized List<InProcessAggregator> aggregators() {
    return List.copyOf(aggregators.values());
  }

  /**
   * Starts one more standard aggregator while the cluster runs (announced in the cluster's tier
   * when it has one); the cluster closes it with the others unless the test closes it first.
   */
  public synchronized InProcessAggregator addAggregator(String name) throws Exception {
    if (aggregators.containsKey(name) || agents.containsKey(name)) {
      throw new IllegalArgumentException("'" + name + "' is already in this cluster");
    }
    InProcessAggregator a = new InProcessAggregator(name, workDir, shutdownGrace);
    aggregators.put(name, a);
    ports.put(name, a.port());
    a.start();
    if (zooKeeper != null && tier != null) {
      a.register(settings, tier);
    }
    return a;
  }

  /** The agent built from text under {@code name} (an aggregator of your own or an edge). */
  public Agent agent(String name) {
    return require(agents.get(name), name);
  }

  public Agent edge(String name) {
    return agent(name);
  }

  /** The port reserved for {@code name}. */
  public int port(String name) {
    return require(ports.get(name), name);
  }

  /** The first service of this type. */
  public <T extends ClusterService> T service(Class<T> type) {
    return require(services.stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElse(null), type.getSimpleName());
  }

  /** Every line the standard aggregators wrote. */
  public synchronized List<String> landed() {
    List<String> out = new ArrayList<>();
    aggregators.values().forEach(a -> out.addAll(a.landed()));
    return out;
  }

  private static <T> T require(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("no '" + name + "' in this cluster");
    }
    return value;
  }

  /** Waits until the standard aggregators wrote at least {@code lines} lines, or fails. */
  public void awaitLanded(int lines, Duration deadline) {
    Awaitility.await().atMost(deadline).until(() -> landed().size() >= lines);
  }

  @Override
  public synchronized void close() throws Exception {
    List<AutoCloseable> order = new ArrayList<>();
    for (int i = edgeNames.size() - 1; i >= 0; i--) {
      order.add(agents.get(edgeNames.get(i)));
    }
    List<String> own = new ArrayList<>(agents.keySet());
    own.removeAll(edgeNames);
    for (int i = own.size() - 1; i >= 0; i--) {
      order.add(agents.get(own.get(i)));
    }
    List<InProcessAggregator> aggs = new ArrayList<>(aggregators.values());
    for (int i = aggs.size() - 1; i >= 0; i--) {
      order.add(aggs.get(i));
    }
    for (int i = services.size() - 1; i >= 0; i--) {
      order.add(services.get(i));
    }
    if (zooKeeper != null) {
      order.add(zooKeeper);
    }
    Exception first = null;
    for (AutoCloseable c : order) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** What to start; {@link #start()} starts it all, or closes what it started and throws. */
  public static final class Builder {
    private final Path workDir;
    private String zkCluster;
    private String tier;
    private final List<ClusterService.Starter> services = new ArrayList<>();
    private final List<String> standardAggregators = new ArrayList<>();
    private final Map<String, String> ownAggregators = new LinkedHashMap<>();
    private final Map<String, String> edges = new LinkedHashMap<>();
    private Duration shutdownGrace = Duration.ofSeconds(20);

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    /** A ZooKeeper server, with Sluice cluster {@code cluster} on it. */
    public Builder zooKeeper(String cluster) {
      this.zkCluster = cluster;
      return this;
    }

    public Builder zooKeeper() {
      return zooKeeper("it");
    }

    /** A service started before the agents, e.g. {@code MiniHdfs.starter(1)}. */
    public Builder service(ClusterService.Starter starter) {
      services.add(starter);
      return this;
    }

    /** Standard aggregators ({@link InProcessAggregator}) with these names. */
    public Builder aggregators(String... names) {
      standardAggregators.addAll(List.of(names));
      return this;
    }

    /** Standard aggregators a1..an. */
    public Builder aggregators(int n) {
      for (int i = 1; i <= n; i++) {
        standardAggregators.add("a" + i);
      }
      return this;
    }

    /** Announces every standard aggregator in {@code tier} of the cluster's ZooKeeper. */
    public Builder tier(String tier) {
      this.tier = tier;
      return this;
    }

    /** An aggregator of your own: agent {@code name} of {@code text}, started before the edges. */
    public Builder aggregator(String name, String text) {
      ownAggregators.put(name, text);
      return this;
    }

    /** An edge: agent {@code name} of {@code text}, started last. */
    public Builder edge(String name, String text) {
      edges.put(name, text);
      return this;
    }

    /** How long each agent of text may take to drain when the cluster closes. */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    public InProcessCluster start() throws Exception {
      if (tier != null && zkCluster == null) {
        throw new IllegalStateException("tier(" + tier + ") needs zooKeeper()");
      }
      TestZooKeeper zk = zkCluster == null ? null : TestZooKeeper.start();
      InProcessCluster c = new InProcessCluster(zk, zk == null ? null : zk.settings(zkCluster),
          workDir, tier, shutdownGrace);
      try {
        Map<String, String> values = new LinkedHashMap<>();
        if (zk != null) {
          values.put("zk.connect", zk.connectString());
          values.put("zk.cluster", zkCluster);
        }
        for (ClusterService.Starter s : services) {
          ClusterService service = s.start(
              Files.createDirectories(workDir.resolve("service-" + c.services.size())));
          c.services.add(service);
          values.putAll(service.placeholders());
        }
        for (String name : standardAggregators) {
          c.addAggregator(name);
        }
        ownAggregators.keySet().forEach(n -> c.ports.put(n, TestAgents.freePort()));
        edges.keySet().forEach(n -> c.ports.put(n, TestAgents.freePort()));
        for (var e : ownAggregators.entrySet()) {
          c.agents.put(e.getKey(), startAgent(e.getKey(), e.getValue(), values, c.ports));
        }
        for (var e : edges.entrySet()) {
          c.agents.put(e.getKey(), startAgent(e.getKey(), e.getValue(), values, c.ports));
          c.edgeNames.add(e.getKey());
        }
        return c;
      } catch (Exception | Error e) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    private Agent startAgent(String name, String text, Map<String, String> values,
        Map<String, Integer> ports) throws Exception {
      Path dir = Files.createDirectories(workDir.resolve(name));
      Map<String, String> own = new LinkedHashMap<>(values);
      own.put("dir", TestAgents.slash(dir));
      own.put("port", Integer.toString(ports.get(name)));
      ports.forEach((n, p) -> own.put("port:" + n, Integer.toString(p)));
      return TestAgents.start(fill(text, own, name), name, shutdownGrace);
    }

    static String fill(String text, Map<String, String> values, String agent) {
      Matcher m = PLACEHOLDER.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String v = values.get(m.group(1).strip());
        if (v == null) {
          throw new IllegalArgumentException("agent " + agent + ": unknown placeholder {{"
              + m.group(1) + "}}; known: " + values.keySet());
        }
        m.appendReplacement(out, Matcher.quoteReplacement(v));
      }
      return m.appendTail(out).toString();
    }
  }
}
