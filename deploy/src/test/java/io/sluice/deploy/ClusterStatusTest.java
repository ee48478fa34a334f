package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.AgentEndpoint;
import io.sluice.coordination.AgentEndpointCodec;
import io.sluice.coordination.EphemeralNode;
import io.sluice.core.metrics.HttpMetricsServer;
import io.sluice.testsupport.TestZooKeeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice status} against an in-process cluster: a real ZooKeeper, a real aggregator and a
 * real edge started as {@code sluice agent} starts them (each recording its monitoring address),
 * and the node a crashed agent leaves behind.
 */
class ClusterStatusTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  /** Agents started after this serve their monitoring endpoints on a free loopback port. */
  static void serveMonitoringOnLoopback() {
    System.setProperty(HttpMetricsServer.TYPE_PROPERTY, "http");
    System.setProperty(HttpMetricsServer.PORT_PROPERTY, "0");
    System.setProperty(HttpMetricsServer.BIND_PROPERTY, "127.0.0.1");
  }

  static void stopServingMonitoring() {
    System.clearProperty(HttpMetricsServer.TYPE_PROPERTY);
    System.clearProperty(HttpMetricsServer.PORT_PROPERTY);
    System.clearProperty(HttpMetricsServer.BIND_PROPERTY);
  }

  @AfterEach
  void clearProperties() {
    stopServingMonitoring();
  }

  @Test
  void showsEveryAgentWithItsRatesAndACrashedOneAsDown() throws Exception {
    int aggPort = freePort();
    serveMonitoringOnLoopback();
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      CuratorFramework client = zk.client("c9");
      SluiceMain.Started agg = start("agg", aggregator(aggPort), zk, "--register-tier", "hot");
      SluiceMain.Started edge = start("edge1", edge(aggPort), zk);
      // A crashed agent: its node outlives it until its session expires; nothing answers there.
      AgentEndpoint crashed = AgentEndpoint.edge("edge2", "127.0.0.1", freePort(), 4711, "");
      try (EphemeralNode ghost = new EphemeralNode(client, "/sluice/c9/monitoring/"
          + crashed.id(), AgentEndpointCodec.encode(crashed), "edge2", Duration.ofSeconds(5))) {
        assertTrue(ghost.awaitCreated(Duration.ofSeconds(10)));
        AtomicReference<String> table = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
          table.set(status(zk, 1));
          return rate(table.get(), "edge1", 1) > 0 && rate(table.get(), "agg", 1) > 0
              && !lag(table.get(), "edge1").equals("-");
        });
        String t = table.get();
        assertTrue(t.startsWith("cluster c9: 3 agent(s), 2 ready, 0 not ready, 1 down"), t);
        assertTrue(line(t, "agg").matches("agg\\s+aggregator\\s+127\\.0\\.0\\.1:\\d+\\s+ready"
            + "\\s+\\S+\\s+\\S+\\s+\\d+%\\s+-\\s+0\\s+in tier hot"), t);
        // The edge's events carry a timestamp, and its Avro sink delivers them within moments;
        // the aggregator's null sink records no delivery ages and it tails no file: unknown ("-").
        assertTrue(lagSeconds(lag(t, "edge1")) <= 5, t);
        assertTrue(line(t, "edge1").matches("edge1\\s+edge\\s+127\\.0\\.0\\.1:\\d+\\s+ready\\s+.*"),
            t);
        assertTrue(line(t, "edge2").matches("edge2\\s+edge\\s+127\\.0\\.0\\.1:\\d+\\s+down\\s+-\\s+-"
            + "\\s+-\\s+-\\s+-\\s+connection refused"), t);
      } finally {
        edge.running().close();
      }
      String t = status(zk, 0);
      assertTrue(t.startsWith("cluster c9: 1 agent(s), 1 ready"), "a clean stop removes the"
          + " agent's node: " + t);
      agg.running().close();
      t = status(zk, 1);
      assertTrue(t.startsWith("no agent has recorded its monitoring address in ZooKeeper"), t);
    }
  }

  @Test
  void sequenceMergesTheWindowsOfEveryAggregatorOfTheTier() throws Exception {
    int port1 = freePort();
    int port2 = freePort();
    serveMonitoringOnLoopback();
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      SluiceMain.Started agg1 = start("agg1", checkingAggregator("agg1", port1), zk,
          "--register-tier", "hot");
      SluiceMain.Started agg2 = start("agg2", checkingAggregator("agg2", port2), zk,
          "--register-tier", "hot");
      SluiceMain.Started edge = start("e1", stampingEdge(port1, port2), zk);
      try {
        AtomicReference<String> out = new AtomicReference<>();
        // The edge's 2,000 numbers, spread over both aggregators, make one stream without a gap.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
          out.set(statusWithSequence(zk));
          return out.get().lines().anyMatch(l -> l.matches(
              "e-1:\\d+\\s+2\\s+0\\s+1999\\s+2000\\s+0\\s+0\\s+0"));
        });
        assertTrue(out.get().contains("sequence of tier hot (2 aggregator(s), windows merged):"),
            out.get());
      } finally {
        edge.running().close();
        agg1.running().close();
        agg2.running().close();
      }
    }
  }

  private static String statusWithSequence(TestZooKeeper zk) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SluiceMain.run(List.of("status", "--zk", zk.connectString(), "--cluster", "c9",
        "--interval", "0.1", "--sequence"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String checkingAggregator(String name, int port) {
    return (aggregator(port) + """
        agg.sources.r1.interceptors = check
        agg.sources.r1.interceptors.check.type = sequenceCheck
        """).replace("agg.", name + ".");
  }

  private static String stampingEdge(int port1, int port2) {
    return """
        e1.sources = s1
        e1.channels = c1
        e1.sinks = k1 k2
        e1.sinkgroups = g1
        e1.sources.s1.type = seq
        e1.sources.s1.batchSize = 100
        e1.sources.s1.totalEvents = 2000
        e1.sources.s1.channels = c1
        e1.sources.s1.interceptors = seq
        e1.sources.s1.interceptors.seq.type = sequence
        e1.sources.s1.interceptors.seq.origin = e-1
        e1.channels.c1.type = memory
        e1.channels.c1.capacity = 10000
        e1.channels.c1.transactionCapacity = 1000
        e1.sinks.k1.type = avro
        e1.sinks.k1.hostname = 127.0.0.1
        e1.sinks.k1.port = %d
        e1.sinks.k1.channel = c1
        e1.sinks.k2.type = avro
        e1.sinks.k2.hostname = 127.0.0.1
        e1.sinks.k2.port = %d
        e1.sinks.k2.channel = c1
        e1.sinkgroups.g1.sinks = k1 k2
        e1.sinkgroups.g1.processor.type = load_balance
        """.formatted(port1, port2);
  }

  private SluiceMain.Started start(String name, String config, TestZooKeeper zk, String... more)
      throws IOException {
    Path conf = Files.writeString(tmp.resolve(name + ".properties"), config);
    List<String> args = new java.util.ArrayList<>(List.of("-n", name, "-f", conf.toString(),
        "--no-reload-conf", "--shutdown-grace", "0", "--zk", zk.connectString(), "--cluster",
        "c9"));
    args.addAll(List.of(more));
    SluiceMain.Started s = SluiceMain.startAgent(AgentCommandLine.parse(args), Map.of(), err);
    assertNotNull(s.running(), errBytes.toString(StandardCharsets.UTF_8));
    return s;
  }

  /** Runs {@code sluice status}, checks its exit code, returns what it printed. */
  private static String status(TestZooKeeper zk, int expectedCode) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream errOut = new ByteArrayOutputStream();
    int code = SluiceMain.run(List.of("status", "--zk", zk.connectString(), "--cluster", "c9",
        "--interval", "0.5"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(errOut, true, StandardCharsets.UTF_8), Map.of());
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(expectedCode, code, text + errOut.toString(StandardCharsets.UTF_8));
    return text;
  }

  private static String line(String table, String agent) {
    return table.lines().filter(l -> l.startsWith(agent + " ")).findFirst().orElse("");
  }

  /** The LAG cell of an up agent's line (the column after FILL), or "-". */
  private static String lag(String table, String agent) {
    Matcher m = Pattern.compile("\\s(ready|not ready)\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+)\\s")
        .matcher(line(table, agent));
    return m.find() ? m.group(2) : "-";
  }

  /** A LAG cell in seconds (its bound when it is past the last one). */
  private static double lagSeconds(String cell) {
    Matcher m = Pattern.compile(">?([\\d.]+)(ms|s|m|h|d)").matcher(cell);
    assertTrue(m.matches(), cell);
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> v / 1000;
      case "s" -> v;
      case "m" -> v * 60;
      case "h" -> v * 3600;
      default -> v * 86400;
    };
  }

  /** The IN/S (column 0) or OUT/S (1) of an agent's line; -1 when it shows none. */
  private static double rate(String table, String agent, int column) {
    Matcher m = Pattern.compile("\\s(ready|not ready)\\s+(\\S+)\\s+(\\S+)\\s").matcher(
        line(table, agent));
    if (!m.find() || m.group(2 + column).equals("-")) {
      return -1;
    }
    return Double.parseDouble(m.group(2 + column));
  }

  static String aggregator(int port) {
    return """
        agg.sources = r1
        agg.channels = c1
        agg.sinks = k1
        agg.sources.r1.type = avro
        agg.sources.r1.bind = 127.0.0.1
        agg.sources.r1.port = %d
        agg.sources.r1.channels = c1
        agg.channels.c1.type = memory
        agg.sinks.k1.type = null
        agg.sinks.k1.channel = c1
        """.formatted(port);
  }

  static String edge(int aggPort) {
    return """
        edge1.sources = s1
        edge1.channels = c1
        edge1.sinks = k1
        edge1.sources.s1.type = demo
        edge1.sources.s1.rate = 200
        edge1.sources.s1.channels = c1
        edge1.sources.s1.interceptors = ts
        edge1.sources.s1.interceptors.ts.type = timestamp
        edge1.channels.c1.type = memory
        edge1.sinks.k1.type = avro
        edge1.sinks.k1.hostname = 127.0.0.1
        edge1.sinks.k1.port = %d
        edge1.sinks.k1.channel = c1
        """.formatted(aggPort);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
