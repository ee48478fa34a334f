package io.sluice.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

/**
 * A real KRaft cluster whose nodes run as child JVMs ({@code kafka.Kafka} from Kafka's own jars on
 * the test classpath), so a node can be killed with SIGKILL ({@link #kill}: no controlled shutdown,
 * no flush, connections reset) and started again on the same log directory ({@link #restart}).
 * Every node is broker and controller, with a static quorum of all of them, so losing one keeps the
 * quorum. Topics are replicated to every node, {@code min.insync.replicas} one less. Each node's
 * output goes to {@code node-<id>.log} in the cluster's directory. The caller closes it (every node
 * is killed).
 */
public final class KafkaProcessCluster implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private final Path dir;
  private final List<KafkaNode> nodes;
  private final Admin admin;
  private final AtomicInteger topicSeq = new AtomicInteger();

  /** One node: its ports, its server.properties and, while it runs, its process. */
  private static final class KafkaNode {
    final int id;
    final int port;
    final Path properties;
    final Path log;
    Process process;

    KafkaNode(int id, int port, Path properties, Path log) {
      this.id = id;
      this.port = port;
      this.properties = properties;
      this.log = log;
    }
  }

  private KafkaProcessCluster(Path dir, List<KafkaNode> nodes) {
    this.dir = dir;
    this.nodes = nodes;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    this.admin = Admin.create(p);
  }

  /** Formats and starts {@code count} nodes in {@code dir}; returns once every broker is ready. */
  public static KafkaProcessCluster start(Path dir, int count) throws Exception {
    int[] brokerPorts = freePorts(count);
    int[] controllerPorts = freePorts(count);
    String voters = java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts[i]).collect(Collectors.joining(","));
    String clusterId = Uuid.randomUuid().toString();
    List<KafkaNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int id = i + 1;
      Path logDir = Files.createDirectories(dir.resolve("data-" + id));
      Path props = dir.resolve("server-" + id + ".properties");
      Files.writeString(props, serverProperties(id, brokerPorts[i], controllerPorts[i], voters, logDir, count));
      format(props, clusterId);
      nodes.add(new KafkaNode(id, brokerPorts[i], props, dir.resolve("node-" + id + ".log")));
    }
    KafkaProcessCluster cluster = new KafkaProcessCluster(dir, nodes);
    try {
      for (KafkaNode n : nodes) {
        cluster.launch(n);
      }
      cluster.awaitBrokers(nodes.stream().map(n -> n.id).collect(Collectors.toSet()));
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static String serverProperties(int id, int brokerPort, int controllerPort, String voters, Path logDir,
      int count) {
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=" + id,
        "controller.quorum.voters=" + voters,
        "listeners=PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort,
        "advertised.listeners=PLAINTEXT://localhost:" + brokerPort,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + logDir,
        "num.partitions=1",
        "default.replication.factor=" + count,
        "min.insync.replicas=" + (count - 1),
        "offsets.topic.replication.factor=" + count,
        "transaction.state.log.replication.factor=" + count,
        "transaction.state.log.min.isr=" + (count - 1),
        "group.initial.rebalance.delay.ms=0",
        // a killed node's leadership moves once its broker session lapses; the default is 9 s
        "broker.session.timeout.ms=4000",
        "broker.heartbeat.interval.ms=500",
        "");
  }

  /** Writes the node's meta.properties and bootstrap metadata, in this JVM (Kafka's storage tool). */
  private static void format(Path props, String clusterId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", props.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("formatting " + props + " failed (" + rc + "): " + out);
    }
  }

  private void launch(KafkaNode n) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "kafka.Kafka", n.properties.toString());
    n.process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(n.log.toFile())).start();
  }

  public String bootstrapServers() {
    return nodes.stream().map(n -> "localhost:" + n.port).collect(Collectors.joining(","));
  }

  /** SIGKILLs node {@code id} and waits until its process is gone. */
  public void kill(int id) throws InterruptedException {
    KafkaNode n = node(id);
    n.process.destroyForcibly();
    if (!n.process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + id + " still alive 30 s after SIGKILL");
    }
  }

  /** Starts node {@code id} again on its old ports and log directory; returns once its broker is ready. */
  public void restart(int id) throws Exception {
    KafkaNode n = node(id);
    if (n.process.isAlive()) {
      throw new IllegalStateException("node " + id + " is running");
    }
    launch(n);
    awaitBrokers(Set.of(id));
  }

  /** The node leading {@code partition} of {@code topic}, or -1 while it has none. */
  public int leaderOf(String topic, int partition) throws Exception {
    Node leader = describe(topic).partitions().get(partition).leader();
    return leader == null ? -1 : leader.id();
  }

  /** Whether every partition of {@code topic} has all nodes in sync again. */
  public boolean fullyInSync(String topic) throws Exception {
    return describe(topic).partitions().stream().map(TopicPartitionInfo::isr).allMatch(isr -> isr.size() == nodes.size());
  }

  /** A new topic replicated to every node, returned once every partition has a leader. */
  public String newTopic(String stem, int partitions) throws Exception {
    String name = stem + "-" + topicSeq.incrementAndGet();
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) nodes.size()))).all().get();
    await("topic " + name + " to have a leader for every partition", () -> {
      try {
        TopicDescription d = describe(name);
        return d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null);
      } catch (Exception e) {
        return false; // not in the metadata yet
      }
    });
    return name;
  }

  private TopicDescription describe(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
  }

  private void awaitBrokers(Collection<Integer> ids) {
    await("brokers " + ids + " to register", () -> {
      for (KafkaNode n : nodes) {
        if (ids.contains(n.id) && !n.process.isAlive()) {
          throw new IllegalStateException("node " + n.id + " exited (" + n.process.exitValue() + "); see " + n.log);
        }
      }
      try {
        Set<Integer> live = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().map(Node::id)
            .collect(Collectors.toSet());
        return live.containsAll(ids);
      } catch (Exception e) {
        return false; // not answering yet
      }
    });
  }

  private void await(String what, BooleanSupplier condition) {
    Awaitility.await(what + " (node logs in " + dir + ")").atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
  }

  private KafkaNode node(int id) {
    return nodes.stream().filter(n -> n.id == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id));
  }

  private static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    for (KafkaNode n : nodes) {
      if (n.process != null) {
        n.process.destroyForcibly();
      }
    }
    for (KafkaNode n : nodes) {
      if (n.process != null) {
        try {
          n.process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
