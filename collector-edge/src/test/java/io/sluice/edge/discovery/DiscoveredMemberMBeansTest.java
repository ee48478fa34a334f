package io.sluice.edge.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.metrics.ComponentKind;
import io.sluice.core.registry.ComponentRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Avro sinks an edge builds from ZooKeeper for a discovered sink group are MBeans under Flume's
 * names, as configured sinks are: a JMX client (over RMI) sees a member appear when its aggregator
 * joins the tier, reads Flume's attribute names and counts from it, and sees it go when the
 * aggregator leaves.
 */
class DiscoveredMemberMBeansTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final int EVENTS = 50;
  /** Flume 1.11's SinkCounter attributes, and what every Flume MBean has. */
  private static final Set<String> FLUME_SINK_ATTRIBUTES = Set.of("ConnectionCreatedCount",
      "ConnectionClosedCount", "ConnectionFailedCount", "BatchEmptyCount", "BatchUnderflowCount",
      "BatchCompleteCount", "EventDrainAttemptCount", "EventDrainSuccessCount", "EventWriteFail",
      "ChannelReadFail", "StartTime", "StopTime", "Type");

  @TempDir Path tmp;

  @Test
  void discoveredMembersComeAndGoAsFlumeSinkMBeans() throws Exception {
    JMXConnectorServer jmxServer = JMXConnectorServerFactory.newJMXConnectorServer(
        new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null,
        ManagementFactory.getPlatformMBeanServer());
    jmxServer.start();
    try (TestingServer zk = new TestingServer(true);
        JMXConnector jmx = JMXConnectorFactory.connect(jmxServer.getAddress())) {
      MBeanServerConnection c = jmx.getMBeanServerConnection();
      ZkSettings settings = ZkSettings.of(zk.getConnectString(), "mbeans");
      ObjectName first = new ObjectName("org.apache.flume.sink:type=jmxtier-m1");
      ObjectName second = new ObjectName("org.apache.flume.sink:type=jmxtier-m2");
      try (TestAggregator m1 = new TestAggregator("m1", "jmxtier", settings, tmp);
          Agent edge = edge(settings)) {
        await().atMost(DEADLINE).until(() -> c.isRegistered(first));
        assertEquals(first, edge.mbeans().nameOf(ComponentKind.SINK, "jmxtier-m1"));
        Set<String> names = Arrays.stream(c.getMBeanInfo(first).getAttributes())
            .map(MBeanAttributeInfo::getName).collect(Collectors.toSet());
        assertTrue(names.containsAll(FLUME_SINK_ATTRIBUTES), "attributes: " + names);
        assertEquals("SINK", c.getAttribute(first, "Type"));
        assertTrue((Long) c.getAttribute(first, "StartTime") > 0);
        await().atMost(DEADLINE).until(() -> m1.landed() == EVENTS);
        assertEquals((long) EVENTS, c.getAttribute(first, "EventDrainSuccessCount"));

        TestAggregator m2 = new TestAggregator("m2", "jmxtier", settings, tmp);
        try {
          await().atMost(DEADLINE).until(() -> c.isRegistered(second));
          assertTrue(c.isRegistered(first));
        } finally {
          m2.close(); // leaves the tier: the edge drops its member
        }
        await().atMost(DEADLINE).until(() -> !c.isRegistered(second));
        assertTrue(c.isRegistered(first), "the member that stays keeps its MBean");
      }
      assertFalse(c.isRegistered(first), "a stopped edge leaves no member MBean behind");
    } finally {
      jmxServer.stop();
    }
  }

  /** An edge whose only sink group is discovered; a seq source puts {@link #EVENTS} events. */
  private Agent edge(ZkSettings zk) {
    String text = """
        e1.sources = r1
        e1.sources.r1.type = seq
        e1.sources.r1.totalEvents = %d
        e1.sources.r1.channels = c1
        e1.channels = c1
        e1.channels.c1.type = memory
        e1.sinkgroups = g1
        e1.sinkgroups.g1.channel = c1
        e1.sinkgroups.g1.discovery = zookeeper
        e1.sinkgroups.g1.discovery.connect = %s
        e1.sinkgroups.g1.discovery.cluster = %s
        e1.sinkgroups.g1.discovery.tier = jmxtier
        e1.sinkgroups.g1.discovery.cacheDir = %s
        e1.sinkgroups.g1.processor.type = load_balance
        """.formatted(EVENTS, zk.connectString(), zk.cluster(),
        tmp.resolve("edge-cache").toString().replace('\\', '/'));
    Agent a = new Agent(new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of())).load(FlumeProperties.parse(text), "e1"),
        AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(5)));
    a.start();
    return a;
  }
}
