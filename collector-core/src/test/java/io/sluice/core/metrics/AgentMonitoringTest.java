package io.sluice.core.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.source.NetcatSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real agent (netcat source, memory channel, null sink) watched from outside as operators do: a
 * JMX client over RMI reading Flume's names, Prometheus scrapes over HTTP, health and status.
 */
class AgentMonitoringTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final AgentOptions FAST = AgentOptions.defaults()
      .withRestartBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
      .withShutdownGrace(Duration.ofSeconds(5));
  private static final String CONFIG = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1
      a1.sources.r1.type = netcat
      a1.sources.r1.bind = 127.0.0.1
      a1.sources.r1.port = %d
      a1.sources.r1.channels = c1
      a1.channels.c1.type = memory
      a1.channels.c1.capacity = 1000
      a1.sinks.k1.type = null
      a1.sinks.k1.channel = c1
      """;

  private final AgentConfigLoader loader = new AgentConfigLoader(
      ComponentRegistry.fromContextClassLoader(), ValueSubstitutor.of(Map.of(), Map.of()));
  private final HttpClient http = HttpClient.newHttpClient();
  private JMXConnectorServer jmxServer;
  private JMXConnector jmx;

  @BeforeEach
  void connectJmx() throws Exception {
    jmxServer = JMXConnectorServerFactory.newJMXConnectorServer(
        new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null,
        ManagementFactory.getPlatformMBeanServer());
    jmxServer.start();
    jmx = JMXConnectorFactory.connect(jmxServer.getAddress());
  }

  @AfterEach
  void disconnectJmx() throws Exception {
    jmx.close();
    jmxServer.stop();
  }

  private AgentConfig config(String text, String name) {
    return loader.load(FlumeProperties.parse(text.replace("a1.", name + ".")), name);
  }

  private Agent start(String text, String name) {
    Agent a = new Agent(config(text, name), FAST);
    a.start();
    return a;
  }

  private static void send(Agent agent, int lines) throws Exception {
    send(agent, "r1", lines);
  }

  private static void send(Agent agent, String source, int lines) throws Exception {
    send(agent, source, IntStream.range(0, lines).mapToObj(i -> "line " + i)
        .toList());
  }

  /** Sends each line to netcat source {@code source} of {@code agent}, waiting for its OK. */
  static void send(Agent agent, String source, List<String> lines) throws Exception {
    int port = ((NetcatSource) agent.source(source)).boundPort();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      BufferedReader in = new BufferedReader(
          new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      for (String line : lines) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals("OK", in.readLine());
      }
    }
  }

  private long jmxLong(ObjectName name, String attribute) throws Exception {
    return (Long) jmx.getMBeanServerConnection().getAttribute(name, attribute);
  }

  @Test
  void aJmxClientReadsFlumesNamesAndTheyMoveAsEventsFlow() throws Exception {
    MBeanServerConnection c = jmx.getMBeanServerConnection();
    try (Agent agent = start(CONFIG.formatted(0), "a1")) {
      ObjectName source = agent.mbeans().nameOf(ComponentKind.SOURCE, "r1");
      ObjectName channel = agent.mbeans().nameOf(ComponentKind.CHANNEL, "c1");
      ObjectName sink = agent.mbeans().nameOf(ComponentKind.SINK, "k1");
      assertEquals("org.apache.flume.source", source.getDomain());
      assertEquals("r1", source.getKeyProperty("type"));
      assertEquals("org.apache.flume.channel", channel.getDomain());
      assertEquals("org.apache.flume.sink", sink.getDomain());
      assertEquals("SOURCE", c.getAttribute(source, "Type"));
      assertEquals("CHANNEL", c.getAttribute(channel, "Type"));
      assertEquals(1000L, c.getAttribute(channel, "ChannelCapacity"));
      assertTrue(jmxLong(source, "StartTime") > 0);
      assertEquals(0L, c.getAttribute(source, "StopTime"));
      assertEquals(0L, c.getAttribute(source, "AppendBatchReceivedCount"), "Flume's names read 0");
      assertTrue(c.getAttribute(channel, "ChannelFillPercentage") instanceof Double);

      send(agent, 25);
      await().atMost(DEADLINE).until(() -> jmxLong(sink, "EventDrainSuccessCount") == 25);
      assertEquals(25, jmxLong(source, "EventReceivedCount"));
      assertEquals(25, jmxLong(source, "EventAcceptedCount"));
      assertEquals(25, jmxLong(channel, "EventPutSuccessCount"));
      assertEquals(25, jmxLong(channel, "EventTakeSuccessCount"));
      send(agent, 5);
      await().atMost(DEADLINE).until(() -> jmxLong(sink, "EventDrainSuccessCount") == 30);
      assertEquals(30, jmxLong(source, "EventAcceptedCount"));

      agent.stop();
      assertFalse(c.isRegistered(source), "stopping the agent unregisters its MBeans");
      assertFalse(c.isRegistered(channel));
    }
  }

  @Test
  void aSecondAgentInTheJvmGetsAnAgentKeyAndAReloadDropsRemovedComponents() throws Exception {
    MBeanServerConnection c = jmx.getMBeanServerConnection();
    // Names no other test uses, so agents other tests left in this JVM cannot hold them.
    String config = CONFIG.formatted(0).replace("r1", "twin_r").replace("c1", "twin_c")
        .replace("k1", "twin_k");
    try (Agent first = start(config, "a1");
        Agent second = start(config, "a2")) {
      ObjectName plain = first.mbeans().nameOf(ComponentKind.SOURCE, "twin_r");
      ObjectName keyed = second.mbeans().nameOf(ComponentKind.SOURCE, "twin_r");
      assertEquals(new ObjectName("org.apache.flume.source:type=twin_r"), plain);
      assertEquals(new ObjectName("org.apache.flume.source:type=twin_r,agent=a2"), keyed);
      send(second, "twin_r", 3);
      await().atMost(DEADLINE).until(() -> jmxLong(keyed, "EventAcceptedCount") == 3);
      assertEquals(0, jmxLong(plain, "EventAcceptedCount"), "each agent counts its own");

      // Reload the second agent without its source: that MBean goes, the others stay.
      second.reload(config("""
          a1.channels = twin_c
          a1.sinks = twin_k
          a1.channels.twin_c.type = memory
          a1.channels.twin_c.capacity = 1000
          a1.sinks.twin_k.type = null
          a1.sinks.twin_k.channel = twin_c
          """, "a2"));
      assertFalse(c.isRegistered(keyed));
      assertNull(second.mbeans().nameOf(ComponentKind.SOURCE, "twin_r"));
      assertTrue(c.isRegistered(second.mbeans().nameOf(ComponentKind.CHANNEL, "twin_c")));
      assertTrue(c.isRegistered(plain), "the first agent's MBeans are untouched");
      assertTrue(second.status().lastReloadMillis() > 0);
    }
    assertTrue(jmx.getMBeanServerConnection()
        .queryNames(new ObjectName("org.apache.flume.*:type=twin_*,*"), null).isEmpty(),
        "both agents unregistered everything they registered");
  }

  @Test
  void prometheusScrapesParseAndCountersMoveAndSurviveAReload() throws Exception {
    try (Agent agent = start(CONFIG.formatted(0), "a1");
        HttpMetricsServer server = new HttpMetricsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "a1", () -> agent)) {
      // The library writes labels sorted by name.
      String received = "sluice_source_received_events_total{agent=\"a1\",component=\"r1\","
          + "component_kind=\"source\",component_type=\"netcat\"}";
      String sent = "sluice_sink_sent_events_total{agent=\"a1\",component=\"k1\","
          + "component_kind=\"sink\",component_type=\"null\"}";
      String fill = "sluice_channel_fill_ratio{agent=\"a1\",component=\"c1\","
          + "component_kind=\"channel\",component_type=\"memory\"}";
      Map<String, PrometheusText.Sample> before = scrape(server);
      assertEquals(0.0, before.get(received).value());
      assertEquals("counter", before.get(received).type());
      assertEquals("gauge", before.get(fill).type());
      assertEquals(1.0, before.get("sluice_agent_ready{agent=\"a1\"}").value());

      send(agent, 12);
      await().atMost(DEADLINE).until(() -> scrape(server).get(sent).value() == 12.0);
      Map<String, PrometheusText.Sample> after = scrape(server);
      assertEquals(12.0, after.get(received).value());
      assertTrue(after.get(fill).value() >= 0 && after.get(fill).value() <= 1);
      assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith(
          "sluice_sink_batches_total{") && k.contains("fill=\"underflow\"")));

      // A changed source restarts on reload; its counters carry on from where they were.
      String changed = CONFIG.formatted(0) + "a1.sources.r1.max-line-length = 4096\n";
      agent.reload(config(changed, "a1"));
      Map<String, PrometheusText.Sample> reloaded = scrape(server);
      assertEquals(12.0, reloaded.get(received).value());
      assertEquals(1.0, reloaded.get("sluice_config_reloads_total{agent=\"a1\"}").value());
      send(agent, 3);
      await().atMost(DEADLINE).until(() -> scrape(server).get(received).value() == 15.0);

      HttpResponse<String> om = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/prometheus"))
          .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
          .build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(om.headers().firstValue("Content-Type").orElseThrow()
          .startsWith("application/openmetrics-text"));
      assertTrue(om.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
      assertTrue(om.body().contains("# TYPE sluice_source_received_events counter"));
    }
  }

  @Test
  void readyOnlyWhileRunningWithEveryComponentUp() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Agent healthy = start(CONFIG.formatted(0), "a1");
        Agent broken = start(CONFIG.formatted(taken.getLocalPort()), "a2");
        HttpMetricsServer ok = new HttpMetricsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "a1", () -> healthy);
        HttpMetricsServer failing = new HttpMetricsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "a2", () -> broken)) {
      HttpResponse<String> r = get(ok, "/health/ready");
      assertEquals(200, r.statusCode(), r.body());
      String status = get(ok, "/status").body();
      assertTrue(status.contains("\"phase\":\"RUNNING\""), status);
      assertTrue(status.contains(
          "{\"kind\":\"source\",\"name\":\"r1\",\"type\":\"netcat\",\"state\":\"RUNNING\"}"),
          status);
      assertTrue(status.contains("\"lastReload\":null"), status);

      // The second agent's source cannot bind its port: it waits for a restart, so not ready.
      r = get(failing, "/health/ready");
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("source r1 is not running"), r.body());
      assertTrue(get(failing, "/status").body().contains("\"state\":\"FAILED\""));
      assertEquals(200, get(failing, "/health/live").statusCode());
      assertEquals(0.0, scrape(failing).get("sluice_component_up{agent=\"a2\",component=\"r1\","
          + "component_kind=\"source\",component_type=\"netcat\"}").value());

      healthy.stop();
      r = get(ok, "/health/ready");
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("agent is stopped"), r.body());
    }
  }

  private HttpResponse<String> get(HttpMetricsServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, PrometheusText.Sample> scrape(HttpMetricsServer server) throws Exception {
    HttpResponse<String> r = get(server, "/prometheus");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow()
        .startsWith("text/plain; version=0.0.4"), r.headers().toString());
    return PrometheusText.parse(r.body());
  }
}
